from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from certificates import services
from partners.models import Domain
from pms.errors import Refused


class Command(BaseCommand):
    help = ("Import a root or intermediate CA certificate (PEM or DER file) into a domain's trust store, "
            "with the same checks as the upload page.")

    def add_arguments(self, parser):
        parser.add_argument("--domain", required=True, choices=Domain.values,
                            help="The partner domain whose trust store receives the certificate.")
        parser.add_argument("path", help="The certificate file (.cer, .crt, .pem or .der), one certificate.")

    def handle(self, *args, **options):
        path = Path(options["path"])
        try:
            with path.open("rb") as handle:
                data = handle.read(settings.PMS_CERT_UPLOAD_MAX_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            ca = services.upload_ca_certificate(domain=options["domain"], data=data, filename=path.name)
        except Refused as refusal:
            raise CommandError(f"Refused ({refusal.code}): {refusal.message}") from None
        self.stdout.write(self.style.SUCCESS(
            f"Imported the {ca.kind} CA certificate {ca.subject} into the {ca.domain} trust store "
            f"(SHA-256 {ca.fingerprint_display}, valid until {ca.not_after:%Y-%m-%d})."))
