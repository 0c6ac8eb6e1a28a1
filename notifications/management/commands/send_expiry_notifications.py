import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications import services
from notifications.schedule import start_of


def as_of_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of must be a date written YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = ("Send the expiry notifications due now (portal notices and emails) and this week's summary for "
            "partner admins, each exactly once; what Celery beat runs every day.")

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=str, metavar="YYYY-MM-DD",
                            help="Run as at the start of this day (in the portal's time zone) instead of now.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Count what would be sent; create and send nothing.")

    def handle(self, *args, as_of=None, dry_run=False, **options):
        now = start_of(as_of_date(as_of)) if as_of else timezone.now()
        report = services.send_due_expiry_notifications(now=now, dry_run=dry_run)
        report.add(services.send_weekly_summary(now=now, dry_run=dry_run))
        if options["verbosity"] > 1:
            for kind, count in sorted(report.by_kind.items()):
                self.stdout.write(f"{kind}: {count}")
        if dry_run:
            self.stdout.write("Dry run: nothing was created or sent.")
        self.stdout.write(self.style.SUCCESS(str(report)) if not report.failed else self.style.WARNING(str(report)))
