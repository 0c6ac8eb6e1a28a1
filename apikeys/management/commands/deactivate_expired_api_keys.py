from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Deactivate every active API key past its expiry: `deactivate_expired --only api_keys` (an alias)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count the keys that would be deactivated.")
        parser.add_argument("--as-of", help="Treat this date or ISO date-time as now (e.g. 2030-01-01T00:00:00+00:00).")

    def handle(self, *args, **options):
        arguments = ["--only", "api_keys"] + (["--dry-run"] if options["dry_run"] else [])
        if options["as_of"]:
            arguments += ["--as-of", options["as_of"]]
        call_command("deactivate_expired", *arguments, stdout=self.stdout, stderr=self.stderr)
