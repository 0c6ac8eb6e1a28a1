from django.core.management.base import BaseCommand

from certificates import services


class Command(BaseCommand):
    help = ("Create the portal's own root CA and partner-signing intermediate if they do not exist yet "
            "(idempotent; `migrate` also creates them).")

    def handle(self, *args, **options):
        signing, created = services.ensure_portal_ca()
        verb = "Created" if created else "The portal CA already exists;"
        self.stdout.write(self.style.SUCCESS(
            f"{verb} signing CA {signing.subject} (SHA-256 {signing.fingerprint_sha256}, "
            f"valid until {signing.not_after:%Y-%m-%d}), under {signing.parent.subject}."))
