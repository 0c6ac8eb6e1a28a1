"""An FTM chip provider's pages (§7): its own chips only (another provider → 404, another role → 403),
registration, the certificate upload, both downloads (audited) and deactivation."""

import pytest
from cryptography import x509
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from devices import services
from devices.models import FtmChip, FtmChipCertificate
from tests.factories import make_partner_admin

from .factories import chip_certificate, chip_pending_approval, make_ftm_provider

pytestmark = pytest.mark.django_db
LIST = reverse("devices:chip_list")
NEW = reverse("devices:chip_create")


@pytest.fixture
def dave(db):
    return make_partner_admin(username="dave")


@pytest.fixture
def chip(fatima, ftm_pki):
    return chip_pending_approval(fatima, ftm_pki, make="SecureChip", model="SC-100")


def upload_url(chip) -> str:
    return reverse("devices:chip_certificate_upload", args=[chip.code])


def downloads(chip) -> list[str]:
    certificate = FtmChipCertificate.objects.get(chip=chip, status="current")
    return [reverse("devices:chip_certificate_download", args=[certificate.code]),
            reverse("devices:chip_platform_signed_download", args=[certificate.code])]


def pages(chip) -> list[str]:
    return [chip.get_absolute_url(), upload_url(chip), reverse("devices:chip_deactivate", args=[chip.code])]


def test_the_provider_opens_every_page_of_its_chip(fatima_client, chip):
    for url in [LIST, NEW] + pages(chip) + downloads(chip):
        assert fatima_client.get(url).status_code == 200, url


def test_another_provider_gets_404_and_changes_nothing(farid_client, chip):
    for url in pages(chip) + downloads(chip):
        assert farid_client.get(url).status_code == 404, url
        assert farid_client.post(url).status_code == 404, url
    chip.refresh_from_db()
    assert chip.status == "pending_approval"


@pytest.mark.parametrize("actor", ["alice_client", "carol_client", "dave_client", "dina_client"])
def test_other_roles_get_403_on_the_providers_pages(request, chip, actor):
    client = request.getfixturevalue(actor)
    for url in [LIST, NEW] + pages(chip):
        assert client.get(url).status_code == 403, url


def test_downloads_are_for_the_provider_and_ftm_chip_reviewers_only(request, chip, dave_client):
    for url in downloads(chip):
        assert dave_client.get(url).status_code == 200
        for actor in ("alice_client", "dina_client"):
            assert request.getfixturevalue(actor).get(url).status_code == 404  # partners: own rows only
        assert request.getfixturevalue("carol_client").get(url).status_code == 403


def test_the_provider_adds_a_chip_and_is_sent_to_its_certificate(fatima_client):
    response = fatima_client.post(NEW, {"make": "SecureChip", "model": "SC-7"})
    chip = FtmChip.objects.get()
    assert response.status_code == 302 and response.url == upload_url(chip)
    html = fatima_client.get(response.url).content.decode()
    assert "Upload its certificate to send it for approval" in html
    assert '<label class="form-label" for="id_certificate">Certificate file' in html


def test_a_duplicate_chip_is_refused_on_the_form(fatima_client, chip):
    html = fatima_client.post(NEW, {"make": "securechip", "model": "sc-100"}).content.decode()
    assert "You already have the FTM chip SecureChip SC-100" in html and FtmChip.objects.count() == 1


def test_uploading_the_certificate_sends_the_chip_to_approval(fatima_client, fatima, ftm_pki):
    chip = services.create_chip(provider=fatima.partner, make="A", model="B", actor=fatima)
    pem = chip_certificate(ftm_pki, "Fatima Chips").pem
    response = fatima_client.post(upload_url(chip), {"certificate": SimpleUploadedFile("chip.pem", pem)})
    assert response.status_code == 302 and response.url == chip.get_absolute_url()
    html = fatima_client.get(response.url).content.decode()
    assert "Pending approval" in html and "CA signed FTM chip certificate" in html
    assert "platform signed certificate" in html


def test_a_refused_certificate_shows_the_engines_reason(fatima_client, fatima, ftm_pki):
    chip = services.create_chip(provider=fatima.partner, make="A", model="B", actor=fatima)
    pem = chip_certificate(ftm_pki, "Other Org").pem
    html = fatima_client.post(upload_url(chip), {"certificate": SimpleUploadedFile("c.pem", pem)}).content.decode()
    assert "does not match the partner&#x27;s organization name" in html
    assert not FtmChipCertificate.objects.exists()


def test_an_oversized_or_missing_file_is_refused_cleanly(fatima_client, chip, settings):
    settings.PMS_CERT_UPLOAD_MAX_BYTES = 100
    big = SimpleUploadedFile("big.pem", b"x" * 500)
    assert "larger than" in fatima_client.post(upload_url(chip), {"certificate": big}).content.decode()
    assert fatima_client.post(upload_url(chip), {}).status_code == 200


def test_reuploading_an_approved_chips_certificate_warns_and_resets_the_approval(fatima_client, fatima, dave,
                                                                                  ftm_pki, chip):
    services.approve_chip(chip=chip, actor=dave)
    assert "A new certificate sends it back" in fatima_client.get(upload_url(chip)).content.decode()
    pem = chip_certificate(ftm_pki, "Fatima Chips").pem
    fatima_client.post(upload_url(chip), {"certificate": SimpleUploadedFile("new.pem", pem)})
    chip.refresh_from_db()
    assert chip.status == "pending_approval"
    assert "Previous certificates" in fatima_client.get(chip.get_absolute_url()).content.decode()


def test_both_downloads_are_the_certificates_and_are_audited(fatima_client, chip):
    original, signed = (fatima_client.get(url) for url in downloads(chip))
    certificate = FtmChipCertificate.objects.get()
    assert original["Content-Disposition"].endswith('-securechip-sc-100-ftm-ca-signed.pem"')
    assert x509.load_pem_x509_certificate(original.content).fingerprint  # a certificate
    assert original.content.decode() == certificate.pem
    assert signed.content.decode() == certificate.platform_signed.pem
    assert AuditEvent.objects.filter(event="certificate_downloaded", actor="fatima").count() == 2


def test_the_provider_deactivates_its_chip(fatima_client, chip):
    url = reverse("devices:chip_deactivate", args=[chip.code])
    assert "Deactivate the FTM chip SecureChip SC-100?" in fatima_client.get(url).content.decode()
    html = fatima_client.post(url, follow=True).content.decode()
    chip.refresh_from_db()
    assert chip.status == "deactivated" and "is deactivated" in html


def test_the_list_filters_and_says_what_to_do_when_empty(fatima_client, fatima, chip):
    assert "You have not registered an FTM chip yet" not in fatima_client.get(LIST).content.decode()
    assert list(fatima_client.get(LIST + "?status=approved").context["page"].object_list) == []
    assert fatima_client.get(LIST + "?search=sc-1").context["page"].object_list[0] == chip
    assert fatima_client.get(LIST + "?status=%00&sort=x").status_code == 200


def test_without_a_certificate_the_chip_pages_say_what_to_do(ftm_pki):
    client = Client()
    client.force_login(make_ftm_provider("nocert", "No Cert Chips", certified=False))
    html = client.get(LIST).content.decode()
    assert reverse("certificates:my_certificate") in html and NEW not in html
    assert "Upload a valid partner certificate first" in client.post(NEW, {"make": "A", "model": "B"}).content.decode()


def test_the_chip_page_says_when_the_issuing_ca_was_deactivated(fatima_client, chip, dave):
    from certificates import services as certificate_services
    from certificates.models import CACertificate

    root = CACertificate.objects.get(domain="FTM", kind="root")
    certificate_services.deactivate_ca_certificate(ca=root, actor=dave)  # flags the intermediate below it
    html = fatima_client.get(chip.get_absolute_url()).content.decode()
    assert "Issuing CA deactivated" in html
