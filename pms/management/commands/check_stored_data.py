from django.core.management.base import BaseCommand, CommandError

from pms.stored_data import find_bad_values, project_models


class Command(BaseCommand):
    help = ("Report stored values the portal would refuse today (control characters, unpaired surrogates, "
            "over-long text, JSON that breaks the JSON rules); exits non-zero when it finds any.")

    def add_arguments(self, parser):
        parser.add_argument("--app", action="append", dest="apps", metavar="LABEL",
                            help="Check only this app (repeatable); default: every app of the project.")
        parser.add_argument("--limit", type=int, default=1000,
                            help="Stop listing after this many findings (all are still counted).")

    def handle(self, *args, **options):
        try:
            model_list = project_models(options["apps"])
        except LookupError as error:
            raise CommandError(str(error)) from None
        count = 0
        for finding in find_bad_values(model_list):
            count += 1
            if count <= options["limit"]:
                self.stdout.write(str(finding))
        if count:
            raise CommandError(f"{count} stored value(s) break the portal's input rules.")
        self.stdout.write(self.style.SUCCESS(f"No bad values in {len(model_list)} models."))
