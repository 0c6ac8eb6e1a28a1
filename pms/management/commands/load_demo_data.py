from django.core.management.base import BaseCommand
from django.db import transaction

from pms.portal import registry


class Command(BaseCommand):
    help = "Load the demo accounts and data of every app (idempotent); new passwords are printed once."

    def add_arguments(self, parser):
        parser.add_argument("--reset-passwords", action="store_true",
                            help="Give the existing demo accounts new passwords and print them.")

    def handle(self, *args, **options):
        accounts = []
        with transaction.atomic():
            for _order, loader in registry.demo_data:
                accounts += loader(stdout=self.stdout, reset_passwords=options["reset_passwords"]) or []
        if not accounts:
            self.stdout.write("Demo data already loaded; passwords were printed when the accounts were made "
                              "(run with --reset-passwords for new ones).")
            return
        self.stdout.write(self.style.SUCCESS("Demo accounts (these passwords are shown only now):"))
        for username, password, what in accounts:
            self.stdout.write(f"  {username:<16} {password:<20} {what}")
