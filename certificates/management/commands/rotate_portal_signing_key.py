from django.core.management.base import BaseCommand

from certificates import services


class Command(BaseCommand):
    help = ("Issue a new portal signing intermediate CA and key under the portal root; the previous one is "
            "retired but kept, so certificates it signed still verify.")

    def handle(self, *args, **options):
        old, new = services.rotate_portal_signing_key()
        if old is not None:
            self.stdout.write(f"Retired signing CA {old.subject} (SHA-256 {old.fingerprint_sha256}).")
        self.stdout.write(self.style.SUCCESS(
            f"New signing CA {new.subject} (SHA-256 {new.fingerprint_sha256}, valid until "
            f"{new.not_after:%Y-%m-%d}); new platform-signed certificates use it from now on."))
