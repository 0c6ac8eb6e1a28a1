from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from notifications import services


class Command(BaseCommand):
    help = "Delete portal notifications older than the retention period (60 days by default)."

    def add_arguments(self, parser):
        parser.add_argument("--older-than-days", type=int, default=settings.PMS_NOTIFICATION_RETENTION_DAYS,
                            help="Delete notifications created more than this many days ago (default: %(default)s).")
        parser.add_argument("--dry-run", action="store_true", help="Count what would be deleted; delete nothing.")

    def handle(self, *args, older_than_days, dry_run=False, **options):
        if older_than_days < 1:
            raise CommandError("--older-than-days must be 1 or more.")
        count = services.purge_notifications(older_than_days=older_than_days, dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(self.style.SUCCESS(f"{verb} {count} notifications older than {older_than_days} days."))
