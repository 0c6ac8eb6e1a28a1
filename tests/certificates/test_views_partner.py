"""Partner certificate pages (§3.3): own data only (404 for others), admins for any partner, downloads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from certificates import services
from certificates.models import PartnerCertificate, PlatformSignedCertificate, PortalCAKey
from tests.certificates import factories as pki

pytestmark = pytest.mark.django_db

MINE = reverse("certificates:my_certificate")


def upload_url(partner):
    return reverse("certificates:upload_partner_certificate", args=[partner.code])


def post_certificate(client, partner, data: bytes, filename="partner.pem"):
    return client.post(upload_url(partner), {"certificate": SimpleUploadedFile(filename, data)})


def valid_pem(hierarchy, partner) -> bytes:
    return pki.make_partner_certificate(hierarchy.intermediate, organization=partner.organization_name).pem


def test_the_upload_page_labels_its_field_and_explains_bundles(alice_client, alice, auth_pki):
    content = alice_client.get(upload_url(alice.partner)).content.decode()

    assert '<label class="form-label" for="id_certificate">Certificate file' in content
    assert "A PEM bundle is refused" in content


def test_a_partner_uploads_its_certificate_and_sees_it(alice_client, alice, auth_pki):
    response = post_certificate(alice_client, alice.partner, valid_pem(auth_pki, alice.partner))

    assert response.status_code == 302 and response.url == MINE
    content = alice_client.get(MINE).content.decode()
    certificate = PartnerCertificate.objects.get()
    assert "the platform-signed certificate was issued" in content
    assert certificate.fingerprint_display in content
    assert "CA signed partner certificate" in content and "platform signed certificate" in content


def test_a_refused_upload_shows_the_reason_and_keeps_the_current_one(alice_client, alice, auth_pki):
    post_certificate(alice_client, alice.partner, valid_pem(auth_pki, alice.partner))
    wrong = pki.make_partner_certificate(auth_pki.intermediate, organization="Someone Else").pem

    response = post_certificate(alice_client, alice.partner, wrong)

    assert response.status_code == 200
    assert "does not match the partner&#x27;s organization name" in response.content.decode()
    assert PartnerCertificate.objects.get().is_current


PARTNER_BAD_FILES = {
    "ca_as_partner": lambda h, p: (h.intermediate.pem, "This is a CA certificate."),
    "self_signed": lambda h, p: (pki.build(subject=pki.name("me", p.organization_name), ca=False).pem,
                                 "is self-signed"),
    "pem_bundle": lambda h, p: (valid_pem(h, p) + h.intermediate.pem, "a PEM bundle"),
    "not_a_certificate": lambda h, p: (b"\x00\x01garbage" * 10, "neither PEM text nor a DER"),
    "unknown_issuer": lambda h, p: (valid_pem(pki.make_hierarchy(), p), "is not in the trust store"),
}


@pytest.mark.parametrize("code", PARTNER_BAD_FILES)
def test_a_bad_partner_file_is_refused_with_its_message(code, alice_client, alice, auth_pki):
    data, message = PARTNER_BAD_FILES[code](auth_pki, alice.partner)

    response = post_certificate(alice_client, alice.partner, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert AuditEvent.objects.get(event="partner_certificate_upload_refused").details["reason"] == code


def test_a_der_partner_certificate_is_accepted(alice_client, alice, auth_pki):
    issued = pki.make_partner_certificate(auth_pki.intermediate, organization=alice.partner.organization_name)

    assert post_certificate(alice_client, alice.partner, issued.der, filename="p.der").status_code == 302


def test_the_page_warns_when_the_domain_has_no_root_yet(alice_client):
    content = alice_client.get(MINE).content.decode()

    assert "The root certificate of your domain is not in the trust store yet." in content


def test_the_partner_downloads_both_files_with_clear_names(alice_client, alice, auth_pki):
    certificate = pki.give_valid_partner_certificate(alice.partner, hierarchy=auth_pki)
    partner_id = alice.partner.partner_id

    original = alice_client.get(reverse("certificates:download_partner_certificate", args=[certificate.code]))
    signed = alice_client.get(reverse("certificates:download_platform_signed", args=[certificate.code]))

    assert original["Content-Disposition"] == f'attachment; filename="{partner_id}-ca-signed.pem"'
    assert signed["Content-Disposition"] == f'attachment; filename="{partner_id}-platform-signed.pem"'
    assert original.content.decode() == certificate.pem
    assert signed.content.decode() == certificate.platform_signed.pem
    artifacts = sorted(AuditEvent.objects.filter(event="certificate_downloaded").values_list(
        "details__artifact", flat=True))
    assert artifacts == ["ca_signed_partner_certificate", "platform_signed_certificate"]


def test_a_previous_certificate_downloads_under_a_dated_name(alice_client, alice, auth_pki):
    old = pki.give_valid_partner_certificate(alice.partner, hierarchy=auth_pki)
    pki.give_valid_partner_certificate(alice.partner, hierarchy=auth_pki)

    response = alice_client.get(reverse("certificates:download_partner_certificate", args=[old.code]))

    expected = f"{alice.partner.partner_id}-ca-signed-{old.uploaded_at:%Y%m%d}-"
    assert expected in response["Content-Disposition"]


def test_anyone_logged_in_downloads_the_portal_ca_certificates(alice_client):
    services.ensure_portal_ca()  # what `migrate` does

    response = alice_client.get(reverse("certificates:portal_ca_download"))

    assert response.status_code == 200
    assert response.content.count(b"-----BEGIN CERTIFICATE-----") == 2


def test_downloading_the_portal_ca_never_creates_it(alice_client):
    response = alice_client.get(reverse("certificates:portal_ca_download"))

    assert response.status_code == 404
    assert not PortalCAKey.objects.exists() and not AuditEvent.objects.filter(module="certificates").exists()


# --- Other partners: 404; wrong role: 403 -------------------------------------------------------------------

def test_a_partner_cannot_see_another_partners_certificates(bob_client, alice, auth_pki):
    pki.give_valid_partner_certificate(alice.partner, hierarchy=auth_pki)

    url = reverse("certificates:partner_certificates", args=[alice.partner.code])
    assert bob_client.get(url).status_code == 404


def test_a_partner_cannot_download_another_partners_certificate(bob_client, alice, auth_pki):
    certificate = pki.give_valid_partner_certificate(alice.partner, hierarchy=auth_pki)

    for name in ("download_partner_certificate", "download_platform_signed"):
        assert bob_client.get(reverse(f"certificates:{name}", args=[certificate.code])).status_code == 404


def test_a_partner_cannot_replace_another_partners_certificate(bob_client, alice, bob, auth_pki):
    current = pki.give_valid_partner_certificate(alice.partner, hierarchy=auth_pki)

    assert bob_client.get(upload_url(alice.partner)).status_code == 404
    response = post_certificate(bob_client, alice.partner, valid_pem(auth_pki, alice.partner))

    assert response.status_code == 404
    assert list(PartnerCertificate.objects.all()) == [current]


def test_a_policy_manager_gets_403_on_partner_certificate_pages(carol_client, alice, auth_pki):
    certificate = pki.give_valid_partner_certificate(alice.partner, hierarchy=auth_pki)

    assert carol_client.get(MINE).status_code == 403
    assert carol_client.get(upload_url(alice.partner)).status_code == 403
    assert carol_client.get(reverse("certificates:download_partner_certificate",
                                    args=[certificate.code])).status_code == 403


def test_an_admin_has_no_own_partner_certificate_page(dave_client):
    assert dave_client.get(MINE).status_code == 403


# --- Admins for any partner --------------------------------------------------------------------------------

def test_an_admin_uploads_a_certificate_for_a_partner(dave_client, dave, alice, auth_pki):
    response = post_certificate(dave_client, alice.partner, valid_pem(auth_pki, alice.partner))

    assert response.status_code == 302
    assert response.url == reverse("certificates:partner_certificates", args=[alice.partner.code])
    assert PartnerCertificate.objects.get().uploaded_by == dave


def test_an_admin_sees_and_downloads_a_partners_certificates(dave_client, alice, auth_pki):
    certificate = pki.give_valid_partner_certificate(alice.partner, hierarchy=auth_pki)

    page = dave_client.get(reverse("certificates:partner_certificates", args=[alice.partner.code]))
    download = dave_client.get(reverse("certificates:download_platform_signed", args=[certificate.code]))

    assert certificate.fingerprint_display in page.content.decode()
    assert download.status_code == 200


def _history(partner, count: int) -> None:
    template = pki.give_valid_partner_certificate(partner)
    signed = template.platform_signed
    fields = {f.attname: getattr(template, f.attname) for f in PartnerCertificate._meta.concrete_fields
              if f.attname not in ("id", "code")}
    rows = PartnerCertificate.objects.bulk_create(
        [PartnerCertificate(**{**fields, "status": "replaced"}) for _ in range(count)])
    signed_fields = {f.attname: getattr(signed, f.attname)
                     for f in PlatformSignedCertificate._meta.concrete_fields
                     if f.attname not in ("id", "code", "partner_certificate_id")}
    PlatformSignedCertificate.objects.bulk_create(
        [PlatformSignedCertificate(partner_certificate=row, **signed_fields) for row in rows])


def _page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_partner_certificate_page_runs_a_constant_number_of_queries(alice_client, alice):
    _history(alice.partner, 0)
    one = _page_queries(alice_client, MINE)
    _history(alice.partner, 200)

    assert _page_queries(alice_client, MINE) == one
