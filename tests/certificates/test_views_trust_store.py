"""Trust store pages (§3.1): admin only, every bad file refused with its message (never a 500), lists."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from certificates.models import CACertificate
from tests.certificates import factories as pki

pytestmark = pytest.mark.django_db

UPLOAD = reverse("certificates:ca_upload")
LIST = reverse("certificates:ca_list")


def post_upload(client, data: bytes, *, filename="ca.pem", domain="AUTH"):
    return client.post(UPLOAD, {"domain": domain, "certificate": SimpleUploadedFile(filename, data)})


def test_the_upload_page_labels_its_fields_and_explains_bundles(dave_client):
    response = dave_client.get(UPLOAD)

    content = response.content.decode()
    assert response.status_code == 200
    assert '<label class="form-label" for="id_domain">Partner domain' in content
    assert '<label class="form-label" for="id_certificate">Certificate file' in content
    assert "or a bundle: a PEM file with several certificates or a PKCS#7 file (.p7b, .p7c)" in content
    assert 'accept=".cer,.crt,.pem,.der,.p7b,.p7c' in content


def test_an_admin_uploads_a_root_and_lands_on_its_detail_page(dave_client):
    response = post_upload(dave_client, pki.make_root().pem)

    ca = CACertificate.objects.get()
    assert response.status_code == 302 and response.url == ca.get_absolute_url()
    assert "was added to the AUTH trust store" in dave_client.get(response.url).content.decode()


def test_the_detail_page_shows_every_field_and_the_chain(dave_client, auth_pki):
    ca = CACertificate.objects.get(kind="intermediate")

    content = dave_client.get(ca.get_absolute_url()).content.decode()

    for text in (ca.subject, ca.issuer, ca.serial_display, ca.fingerprint_display, "EC P-256 (256 bits)",
                 "ECDSA with SHA256", "dave" if ca.uploaded_by else "System", "Chain up to the root",
                 ca.parent.subject_common_name, "Download certificate chain"):
        assert text in content


BAD_FILES = {
    "not_ca": lambda: (pki.build(subject=pki.name("leaf"), ca=False).pem, "leaf.pem",
                       "This is not a CA certificate"),
    "pkcs7_invalid": lambda: (os.urandom(3000), "bundle.p7b", "The PKCS#7 (.p7b) file is damaged"),
    "file_empty": lambda: (b"", "empty.pem", "The file is empty."),
    "not_a_certificate": lambda: (os.urandom(3000), "random.der", "neither PEM text nor a DER"),
    "pem_truncated": lambda: (pki.make_root().pem[:300], "cut.pem", "END CERTIFICATE"),
    "file_too_large": lambda: (b"0" * (5 * 1024 * 1024), "huge.pem", "is larger than"),
    "ca_file_extension": lambda: (pki.make_root().pem, "root.txt",
                                  "Upload a .cer, .crt, .pem, .der, .p7b or .p7c file."),
    "expired": lambda: (pki.make_root(starts=-50, days=-2).pem, "old.pem", "The certificate expired on"),
    "weak_rsa_key": lambda: (pki.build(subject=pki.name("w"), key=pki.rsa_key(1024)).pem, "w.pem",
                             "1024 bits"),
    "signature_sha1": lambda: (
        pki.pem_of(pki.resign_with_weak_hash(pki.make_root(kind="rsa"), digest="sha1")), "sha1.pem", "SHA-1"),
    "no_root_ca": lambda: (pki.make_intermediate(pki.make_root()).pem, "i.pem",
                           "upload the root certificate first"),
}


@pytest.mark.parametrize("code", BAD_FILES)
def test_a_bad_file_is_refused_with_its_message_and_never_a_500(code, dave_client):
    data, filename, message = BAD_FILES[code]()

    response = post_upload(dave_client, data, filename=filename)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CACertificate.objects.exists()
    assert AuditEvent.objects.get(event="ca_certificate_upload_refused").details["reason"] == code


def test_the_domain_stays_selected_after_a_refusal(dave_client):
    response = post_upload(dave_client, b"", domain="FTM")

    assert '<option value="FTM" selected>' in response.content.decode()


def test_a_missing_file_is_a_form_error(dave_client):
    response = dave_client.post(UPLOAD, {"domain": "AUTH"})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


@pytest.mark.parametrize("name", ["certificates:ca_list", "certificates:ca_upload"])
def test_a_partner_gets_403_on_trust_store_pages(name, alice_client):
    assert alice_client.get(reverse(name)).status_code == 403


def test_a_partner_gets_403_on_a_ca_detail_and_download(alice_client, auth_pki):
    ca = CACertificate.objects.get(kind="root")

    for name in ("ca_detail", "ca_download", "ca_download_chain", "ca_deactivate"):
        assert alice_client.get(reverse(f"certificates:{name}", args=[ca.code])).status_code == 403


def test_a_partner_cannot_upload_a_ca(alice_client):
    assert post_upload(alice_client, pki.make_root().pem).status_code == 403
    assert not CACertificate.objects.exists()


def test_a_policy_manager_gets_403_on_the_trust_store(carol_client):
    assert carol_client.get(LIST).status_code == 403


def test_an_unknown_code_is_404(dave_client):
    assert dave_client.get(reverse("certificates:ca_detail", args=["00000000-0000-0000-0000-000000000000"])
                           ).status_code == 404


# --- List ---------------------------------------------------------------------------------------------------

def test_the_empty_trust_store_says_what_to_do(dave_client):
    content = dave_client.get(LIST).content.decode()

    assert "The trust store is empty. Upload the root CA certificate" in content


def test_the_list_filters_by_domain_and_kind(dave_client, auth_pki):
    pki.install_hierarchy("DEVICE")

    page = dave_client.get(LIST, {"domain": "DEVICE", "kind": "root"}).context["page"]

    assert [(ca.domain, ca.kind) for ca in page.object_list] == [("DEVICE", "root")]


def test_the_list_filters_by_issued_to_and_issued_by(dave_client, auth_pki):
    root_name = auth_pki.root.certificate.subject.rfc4514_string()
    root_cn = root_name.split("CN=")[1].split(",")[0]

    by_subject = dave_client.get(LIST, {"issued_to": root_cn}).context["page"].object_list
    by_issuer = dave_client.get(LIST, {"issued_by": root_cn}).context["page"].object_list

    assert [ca.kind for ca in by_subject] == ["root"]
    assert sorted(ca.kind for ca in by_issuer) == ["intermediate", "root"]


def test_the_list_filters_by_expiry_window_and_validity(dave_client, settings):
    settings.CA_CERT_MIN_VALIDITY_DAYS = 10
    pki.install_hierarchy("AUTH")
    soon = pki.make_root(days=20)
    post_upload(dave_client, soon.pem)

    expiring = dave_client.get(LIST, {"expiring_within": 30}).context["page"].object_list
    status = dave_client.get(LIST, {"validity": "expiring"}).context["page"].object_list

    expected = soon.certificate.fingerprint(pki.hashes.SHA256()).hex()
    assert [ca.code for ca in expiring] == [CACertificate.objects.get(fingerprint_sha256=expected).code]
    assert list(status) == list(expiring)


def test_the_list_sorts_by_expiry_both_ways(dave_client, auth_pki):
    ascending = list(dave_client.get(LIST).context["page"].object_list)
    descending = list(dave_client.get(LIST, {"sort": "-expiry"}).context["page"].object_list)

    assert [ca.kind for ca in ascending] == ["intermediate", "root"]
    assert descending == ascending[::-1]


def test_a_filter_that_matches_nothing_offers_to_clear_it(dave_client, auth_pki):
    content = dave_client.get(LIST, {"domain": "FTM"}).content.decode()

    assert "No CA certificate matches these filters" in content


def test_invalid_filters_do_not_break_the_list(dave_client, auth_pki):
    response = dave_client.get(LIST, {"expiring_within": "soon", "domain": "XYZ", "page": "abc"})

    assert response.status_code == 200


def _many_ca_certificates(count: int) -> None:
    template = CACertificate.objects.get(kind="intermediate")
    rows = []
    for index in range(count):
        fields = {f.attname: getattr(template, f.attname) for f in CACertificate._meta.concrete_fields
                  if f.attname not in ("id", "code")}
        fields["fingerprint_sha256"] = f"{index:064x}"
        rows.append(CACertificate(**fields))
    CACertificate.objects.bulk_create(rows)


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST, {"sort": "-expiry"}).status_code == 200
    return len(queries)


def test_the_list_runs_a_constant_number_of_queries(dave_client, auth_pki):
    one = _list_queries(dave_client)
    _many_ca_certificates(200)

    assert _list_queries(dave_client) == one


def test_the_list_is_paginated(dave_client, auth_pki):
    _many_ca_certificates(60)

    page = dave_client.get(LIST, {"page": 3}).context["page"]

    assert page.number == 3 and len(page.object_list) == 62 - 50


# --- Downloads and deactivation -----------------------------------------------------------------------------

def test_an_admin_downloads_a_ca_as_pem_and_it_is_audited(dave_client, auth_pki):
    ca = CACertificate.objects.get(kind="root")

    response = dave_client.get(reverse("certificates:ca_download", args=[ca.code]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-pem-file"
    filename = f"auth-root-ca-{ca.fingerprint_sha256[:16]}.pem"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response.content == auth_pki.root.pem
    assert AuditEvent.objects.get(event="certificate_downloaded").details == {"artifact": "ca_certificate"}


def test_the_chain_of_an_intermediate_is_a_pem_bundle_up_to_the_root(dave_client, auth_pki):
    ca = CACertificate.objects.get(kind="intermediate")

    response = dave_client.get(reverse("certificates:ca_download_chain", args=[ca.code]))

    assert response.content == auth_pki.intermediate.pem + auth_pki.root.pem
    assert response["Content-Disposition"].endswith('-chain.pem"')


def test_deactivation_asks_for_confirmation_first(dave_client, auth_pki):
    ca = CACertificate.objects.get(kind="root")

    response = dave_client.get(reverse("certificates:ca_deactivate", args=[ca.code]))

    ca.refresh_from_db()
    assert response.status_code == 200 and ca.is_active
    assert "1 CA certificate below it will be flagged." in response.content.decode()


def test_an_admin_deactivates_a_ca(dave_client, auth_pki):
    ca = CACertificate.objects.get(kind="root")

    response = dave_client.post(reverse("certificates:ca_deactivate", args=[ca.code]), follow=True)

    ca.refresh_from_db()
    assert not ca.is_active
    assert "is deactivated" in response.content.decode()


def test_deactivating_twice_shows_an_error_not_a_500(dave_client, auth_pki):
    ca = CACertificate.objects.get(kind="root")
    url = reverse("certificates:ca_deactivate", args=[ca.code])
    dave_client.post(url)

    response = dave_client.post(url, follow=True)

    assert "already deactivated" in response.content.decode()


def test_a_row_shows_a_ca_its_validity_and_its_chain_status(dave_client, dave, auth_pki):
    from certificates.services.trust_store import deactivate_ca_certificate

    root = CACertificate.objects.get(kind="root")
    deactivate_ca_certificate(ca=root, actor=dave)
    html = dave_client.get(LIST).content.decode()
    assert "Root" in html and "Intermediate" in html and "Valid" in html
    assert "Deactivated" in html and "Chain deactivated" in html
    assert root.get_absolute_url() in html
