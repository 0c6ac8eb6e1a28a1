from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from certificates import services
from partners.models import Domain
from pms.errors import Refused


class Command(BaseCommand):
    help = ("Import a root or intermediate CA certificate (PEM or DER), or a bundle of them (PEM or PKCS#7), "
            "into a domain's trust store, with the same checks as the upload page.")

    def add_arguments(self, parser):
        parser.add_argument("--domain", required=True, choices=Domain.values,
                            help="The partner domain whose trust store receives the certificates.")
        parser.add_argument("path", help="The certificate file (.cer, .crt, .pem, .der) or bundle (.pem with "
                                         "several certificates, .p7b, .p7c).")

    def handle(self, *args, **options):
        path = Path(options["path"])
        try:
            with path.open("rb") as handle:
                data = handle.read(settings.PMS_CERT_UPLOAD_MAX_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        bundle = services.is_ca_bundle(data, path.name)
        upload = services.upload_ca_bundle if bundle else services.upload_ca_certificate
        try:
            result = upload(domain=options["domain"], data=data, filename=path.name)
        except Refused as refusal:
            raise CommandError(f"Refused ({refusal.code}): {refusal.message}") from None
        if not bundle:
            self.stdout.write(self.style.SUCCESS(_imported(result)))
            return
        for entry in result.entries:
            self.stdout.write(_line(entry))
        if result.refused:  # each refused certificate makes the run fail, the others stay imported
            raise CommandError(f"{result.refused} of {len(result.entries)} certificates refused; "
                               f"{result.added} added, {result.present} already present.")
        self.stdout.write(self.style.SUCCESS(f"{result.added} added, {result.present} already present."))


def _imported(ca) -> str:
    return (f"Imported the {ca.kind} CA certificate {ca.subject} into the {ca.domain} trust store "
            f"(SHA-256 {ca.fingerprint_display}, valid until {ca.not_after:%Y-%m-%d}).")


def _line(entry) -> str:
    if entry.outcome == services.BundleEntry.ADDED:
        return _imported(entry.ca)
    if entry.outcome == services.BundleEntry.PRESENT:
        return f"Already present: {entry.info.subject} (SHA-256 {entry.info.fingerprint_sha256})."
    return f"Refused ({entry.code}): {entry.info.subject}: {entry.reason}"
