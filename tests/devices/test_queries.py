"""Every list of the devices app runs the same number of queries for 1 row and for many (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from devices.models import FtmChipCertificate, FtmChipSignedCertificate

from .factories import DeviceFactory, FtmChipFactory, SbiFactory, chip_pending_approval

pytestmark = pytest.mark.django_db


def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def assert_constant(client, path, make, many=20):
    make()
    one = queries(client, path)
    for _ in range(many - 1):
        make()
    assert queries(client, path) == one


def with_certificate(source: FtmChipCertificate):
    """A chip pending approval with a copy of `source`'s certificate rows (cheaper than issuing one each)."""
    def make():
        chip = FtmChipFactory(provider=source.chip.provider)
        copy = FtmChipCertificate.objects.create(chip=chip, issuer_ca=source.issuer_ca, **_fields(source))
        FtmChipSignedCertificate.objects.create(chip_certificate=copy, signed_by=source.platform_signed.signed_by,
                                                **_fields(source.platform_signed))
        return chip
    return make


def _fields(certificate) -> dict:
    names = ("pem", "subject", "issuer", "subject_common_name", "issuer_common_name", "serial_number",
             "not_before", "not_after", "fingerprint_sha256", "key_algorithm", "key_size", "key_curve",
             "signature_algorithm")
    return {name: getattr(certificate, name) for name in names}


@pytest.fixture
def certified_chip(fatima, ftm_pki):
    chip = chip_pending_approval(fatima, ftm_pki)
    return FtmChipCertificate.objects.get(chip=chip)


def test_the_providers_sbi_list(dina_client, dina):
    def make():
        DeviceFactory(sbi=SbiFactory(provider=dina.partner))
    assert_constant(dina_client, reverse("devices:sbi_list"), make)


def test_the_sbi_detail_with_its_devices(dina_client, dina):
    sbi = SbiFactory(provider=dina.partner)
    assert_constant(dina_client, sbi.get_absolute_url(), lambda: DeviceFactory(sbi=sbi))


def test_the_providers_chip_list(fatima_client, certified_chip):
    assert_constant(fatima_client, reverse("devices:chip_list"), with_certificate(certified_chip))


def test_the_admins_sbi_queue(dave_client):
    assert_constant(dave_client, reverse("devices:review_sbi_list"), lambda: DeviceFactory(sbi=SbiFactory()))


def test_the_admins_sbi_page_with_its_devices(dave_client):
    sbi = SbiFactory()
    assert_constant(dave_client, reverse("devices:review_sbi", args=[sbi.code]), lambda: DeviceFactory(sbi=sbi))


def test_the_admins_device_queue(dave_client):
    assert_constant(dave_client, reverse("devices:review_device_list"), DeviceFactory)


def test_the_admins_chip_queue(dave_client, certified_chip):
    assert_constant(dave_client, reverse("devices:review_chip_list"), with_certificate(certified_chip))


def test_the_partner_page_of_a_device_provider(dave_client, dina):
    def make():
        DeviceFactory(sbi=SbiFactory(provider=dina.partner))
    assert_constant(dave_client, reverse("partner_admin:detail", args=[dina.partner.code]), make)


def test_the_partner_page_of_an_ftm_chip_provider(dave_client, certified_chip):
    partner = certified_chip.chip.provider
    assert_constant(dave_client, reverse("partner_admin:detail", args=[partner.code]),
                    with_certificate(certified_chip))


def test_the_chip_page_with_its_certificate_history(fatima_client, certified_chip):
    chip = certified_chip.chip

    def make():
        copy = FtmChipCertificate.objects.create(chip=chip, issuer_ca=certified_chip.issuer_ca, status="replaced",
                                                 **_fields(certified_chip))
        FtmChipSignedCertificate.objects.create(chip_certificate=copy, **_fields(certified_chip.platform_signed),
                                                signed_by=certified_chip.platform_signed.signed_by)
    assert_constant(fatima_client, chip.get_absolute_url(), make)
