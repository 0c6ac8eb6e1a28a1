from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from apikeys.models import ApiKey, CredentialStatus
from apikeys.services import deactivate_expired_api_keys


class Command(BaseCommand):
    help = "Deactivate every active API key whose expiry has passed (what the scheduler runs daily)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count the keys that would be deactivated.")
        parser.add_argument("--as-of", help="Treat this ISO date-time as now (e.g. 2030-01-01T00:00:00+00:00).")

    def handle(self, *args, **options):
        now = timezone.now()
        if options["as_of"]:
            now = parse_datetime(options["as_of"])
            if now is None or timezone.is_naive(now):
                raise CommandError("--as-of needs an ISO date-time with a time zone, e.g. 2030-01-01T00:00:00+00:00.")
        if options["dry_run"]:
            count = ApiKey.objects.filter(status=CredentialStatus.ACTIVE, expires_at__lte=now).count()
            self.stdout.write(f"{count} expired API keys would be deactivated.")
            return
        count = deactivate_expired_api_keys(now=now)
        self.stdout.write(self.style.SUCCESS(f"{count} expired API keys deactivated."))
