from datetime import datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from pms.portal import registry, run_expiry_jobs


class Command(BaseCommand):
    help = ("Deactivate every item past its expiry (API keys, SBIs with their devices…): what the scheduler "
            "runs hourly. A second run changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="Treat this date (2030-01-31, the start of that day in the portal's "
                                            "time zone) or ISO date-time as now.")
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deactivated.")
        parser.add_argument("--only", choices=[job.key for job in registry.expiry_jobs],
                            help="Run only this job.")

    def handle(self, *args, **options):
        now = parse_as_of(options["as_of"]) if options["as_of"] else timezone.now()
        dry_run = options["dry_run"]
        for job, count in run_expiry_jobs(now=now, dry_run=dry_run, only=options["only"] or ""):
            if dry_run:
                self.stdout.write(f"{count} {job.label} would be deactivated.")
            else:
                self.stdout.write(self.style.SUCCESS(f"{count} {job.label} deactivated."))


def parse_as_of(value: str) -> datetime:
    """A date means the start of that day in the portal's time zone; a naive date-time is read in it too."""
    try:
        moment = parse_datetime(value)
        day = None if moment else parse_date(value)
    except ValueError:
        moment = day = None
    if day is not None:
        moment = datetime.combine(day, time.min)
    if moment is None:
        raise CommandError(f"--as-of needs a date (2030-01-31) or an ISO date-time, not {value!r}.")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment
