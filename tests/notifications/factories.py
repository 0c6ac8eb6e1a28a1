"""Expiring items as plain rows whose dates the tests choose (the real upload services refuse certificates
that expire soon), and helpers to walk the notification schedule day by day with frozen time."""

import datetime as dt
import itertools
import uuid

import factory
import time_machine

from apikeys.models import ApiKey
from certificates.models import CACertificate, PartnerCertificate, PlatformSignedCertificate, PortalCAKey
from devices.models import FtmChipCertificate, FtmChipSignedCertificate, Sbi
from notifications import services
from tests.devices.factories import FtmChipFactory, SbiFactory
from tests.factories import make_partner_user
from tests.policies.factories import PolicyLinkFactory

START = dt.datetime(2030, 1, 7, 6, 0, tzinfo=dt.UTC)  # a Monday, 06:00 (the portal's time zone is UTC)
_numbers = itertools.count(1)


def _certificate_fields(name: str) -> dict:
    return {
        "pem": "-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n", "subject": f"CN={name},O=Test",
        "issuer": "CN=Issuer,O=Test", "subject_common_name": name, "issuer_common_name": "Issuer",
        "serial_number": f"{next(_numbers):02x}", "fingerprint_sha256": uuid.uuid4().hex * 2,
        "key_algorithm": "EC", "key_size": 256, "key_curve": "secp256r1", "signature_algorithm": "ecdsa-with-SHA256",
    }


class CACertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CACertificate

    domain = "AUTH"
    kind = CACertificate.Kind.ROOT
    not_before = factory.LazyAttribute(lambda o: o.not_after - dt.timedelta(days=3650))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        name = kwargs.pop("name", None) or f"Test CA {next(_numbers)}"
        return super()._create(model_class, *args, **{**_certificate_fields(name), **kwargs})


def ca_certificate(*, expires_at: dt.datetime, kind: str = "root", **kwargs) -> CACertificate:
    if kind == "intermediate" and "parent" not in kwargs:
        kwargs["parent"] = CACertificateFactory(not_after=expires_at + dt.timedelta(days=3650))
    return CACertificateFactory(not_after=expires_at, kind=kind, **kwargs)


def _portal_key() -> PortalCAKey:
    key = PortalCAKey.objects.filter(kind=PortalCAKey.Kind.SIGNING, is_current=True).first()
    return key or PortalCAKey.objects.create(
        kind=PortalCAKey.Kind.SIGNING, certificate_pem="-", encrypted_private_key="-", subject="CN=Portal",
        serial_number="01", fingerprint_sha256=uuid.uuid4().hex * 2, not_before=START - dt.timedelta(days=999),
        not_after=START + dt.timedelta(days=9999))


def partner_certificate(*, partner, expires_at: dt.datetime, signed_expires_at: dt.datetime | None = None,
                        uploaded_by=None, name: str | None = None, **kwargs) -> PartnerCertificate:
    """A current partner certificate and its platform-signed copy (valid as long unless told otherwise)."""
    issuer = CACertificateFactory(not_after=expires_at + dt.timedelta(days=3650), domain=partner.domain)
    certificate = PartnerCertificate.objects.create(
        partner=partner, domain=partner.domain, issuer_ca=issuer, uploaded_by=uploaded_by,
        not_before=expires_at - dt.timedelta(days=730), not_after=expires_at,
        **{**_certificate_fields(name or f"partner {next(_numbers)}"), **kwargs})
    PlatformSignedCertificate.objects.create(
        partner_certificate=certificate, signed_by=_portal_key(), not_before=certificate.not_before,
        not_after=signed_expires_at or expires_at, **_certificate_fields(certificate.subject_common_name))
    return certificate


def api_key(*, partner, expires_at: dt.datetime, created_by=None, label: str | None = None, **kwargs) -> ApiKey:
    link = PolicyLinkFactory(partner=partner, status="approved")
    return ApiKey.objects.create(
        partner=partner, link=link, label=label or f"key {next(_numbers)}", public_id=uuid.uuid4().hex[:10],
        key_hash=uuid.uuid4().hex, created_by=created_by, expires_at=expires_at, **kwargs)


def sbi(*, provider, expires_on: dt.date, submitted_by=None, **kwargs) -> Sbi:
    """An approved SBI valid through `expires_on` (its last valid day)."""
    return SbiFactory(provider=provider, expiry_date=expires_on, creation_date=expires_on - dt.timedelta(days=400),
                      submitted_by=submitted_by, **kwargs)


def chip_certificate(*, provider, expires_at: dt.datetime, signed_expires_at: dt.datetime | None = None,
                     uploaded_by=None, chip_status: str = "approved", **kwargs) -> FtmChipCertificate:
    """The current certificate of a new FTM chip of `provider`, with its platform-signed copy."""
    chip = FtmChipFactory(provider=provider, status=chip_status)
    issuer = CACertificateFactory(not_after=expires_at + dt.timedelta(days=3650), domain="FTM")
    certificate = FtmChipCertificate.objects.create(
        chip=chip, issuer_ca=issuer, uploaded_by=uploaded_by, not_before=expires_at - dt.timedelta(days=730),
        not_after=expires_at, **{**_certificate_fields(f"chip {next(_numbers)}"), **kwargs})
    FtmChipSignedCertificate.objects.create(
        chip_certificate=certificate, signed_by=_portal_key(), not_before=certificate.not_before,
        not_after=signed_expires_at or expires_at, **_certificate_fields(certificate.subject_common_name))
    return certificate


def auth_partner_user(**kwargs):
    return make_partner_user(type_code="auth-partner", **kwargs)


def run_at(moment: dt.datetime, **kwargs) -> services.Report:
    """The daily sweep as the scheduler would run it at `moment`."""
    with time_machine.travel(moment, tick=False):
        return services.send_due_expiry_notifications(**kwargs)


def walk(days: int, *, start: dt.datetime = START, runs_per_day: int = 2) -> dict[int, list[int]]:
    """Run the sweep `runs_per_day` times on each of `days` days; {day: [notices created by each run]}."""
    created = {}
    for day in range(days):
        moment = start + dt.timedelta(days=day)
        created[day] = [run_at(moment + dt.timedelta(minutes=run)).notices for run in range(runs_per_day)]
    return created
