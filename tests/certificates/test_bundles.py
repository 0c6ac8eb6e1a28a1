"""CA bundles (§3.1, issue 10): PEM and PKCS#7 (PEM and DER), root first, one result per certificate; a file
refused as a whole adds nothing."""

import io

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from audit.models import AuditEvent
from certificates import services
from certificates.models import CACertificate
from tests.certificates import der
from tests.certificates import factories as pki

pytestmark = pytest.mark.django_db


def chain_of_three():
    root = pki.make_root()
    inter = pki.make_intermediate(root)
    return root, inter, pki.make_intermediate(inter, label="Issuing CA")


def p7b(certificates, encoding=serialization.Encoding.DER) -> bytes:
    return pkcs7.serialize_certificates([c.certificate for c in certificates], encoding)


def upload(data, *, filename="chain.pem", domain="AUTH", actor=None):
    return services.upload_ca_bundle(domain=domain, data=data, filename=filename, actor=actor)


def outcomes(report):
    return [(entry.info.subject_common_name, entry.outcome) for entry in report.entries]


def test_a_pem_bundle_leaf_first_is_added_root_first():
    root, inter, issuing = chain_of_three()

    report = upload(issuing.pem + inter.pem + root.pem)

    assert outcomes(report) == [(pki.common_name(c), "added") for c in (root, inter, issuing)]
    rows = {row.subject_common_name: row for row in CACertificate.objects.all()}
    assert rows[pki.common_name(issuing)].parent == rows[pki.common_name(inter)]
    assert rows[pki.common_name(root)].kind == "root"


@pytest.mark.parametrize("encoding", [serialization.Encoding.DER, serialization.Encoding.PEM])
def test_a_pkcs7_bundle_is_added(encoding):
    root, inter, issuing = chain_of_three()

    report = upload(p7b([inter, issuing, root], encoding), filename="chain.p7b")

    assert (report.added, report.present, report.refused) == (3, 0, 0)
    assert CACertificate.objects.count() == 3


def test_a_der_pkcs7_is_recognised_whatever_its_name():
    root, inter, _issuing = chain_of_three()
    data = p7b([root, inter])

    assert services.is_ca_bundle(data, "chain.cer")
    assert upload(data, filename="chain.cer").added == 2


def test_uploading_the_same_bundle_again_reports_every_certificate_as_present():
    root, inter, issuing = chain_of_three()
    upload(root.pem + inter.pem + issuing.pem)

    report = upload(p7b([root, inter, issuing]), filename="again.p7b")

    assert [entry.outcome for entry in report.entries] == ["present"] * 3
    assert CACertificate.objects.count() == 3


def test_a_refused_certificate_is_reported_and_those_below_it_cannot_chain(settings):
    root, inter, issuing = chain_of_three()
    expired = pki.make_intermediate(root, label="Expired CA", starts=-30, days=-1)
    below_expired = pki.make_intermediate(expired, label="Orphan CA")

    report = upload(root.pem + inter.pem + issuing.pem + expired.pem + below_expired.pem)

    results = dict(outcomes(report))
    assert [results[pki.common_name(c)] for c in (root, inter, issuing)] == ["added"] * 3
    assert results[pki.common_name(expired)] == results[pki.common_name(below_expired)] == "refused"
    reasons = {e.info.subject_common_name: (e.code, e.reason) for e in report.entries}
    assert reasons[pki.common_name(expired)][0] == "expired"
    assert reasons[pki.common_name(expired)][1].startswith("The certificate expired on ")
    assert reasons[pki.common_name(below_expired)][0] == "unknown_issuer"  # its issuer was not added


def test_an_unreadable_certificate_refuses_the_whole_file_and_adds_nothing(refusal):
    root, inter, _issuing = chain_of_three()
    duplicated = der.resign(inter.der, root.key, der.with_extensions(der.duplicate_first_extension))
    broken = pki.pem_of(pki.x509.load_der_x509_certificate(duplicated))

    error = refusal(upload, data=root.pem + broken)

    assert error.code == "extension_malformed"
    assert not CACertificate.objects.exists()
    assert AuditEvent.objects.get(event="ca_certificate_upload_refused").details["bundle"] is True


def test_a_bundle_with_a_private_key_adds_nothing(refusal):
    root, inter, _issuing = chain_of_three()
    key = root.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption())

    assert refusal(upload, data=root.pem + inter.pem + key).code == "private_key_in_file"
    assert not CACertificate.objects.exists()


def test_a_bundle_with_too_many_certificates_is_refused(refusal, settings):
    root = pki.make_root()

    error = refusal(upload, data=root.pem * 51)

    assert (error.code, error.message) == ("bundle_too_many", "The bundle holds 51 certificates; at most 50 can "
                                           "be uploaded at once.")


def test_a_damaged_pkcs7_is_refused(refusal):
    assert refusal(upload, data=b"\x30\x03\x02\x01\x01", filename="x.p7b").code == "pkcs7_invalid"


def test_every_added_certificate_and_the_bundle_are_audited(dave):
    root, inter, issuing = chain_of_three()

    upload(root.pem + inter.pem, actor=dave)

    assert AuditEvent.objects.filter(event="ca_certificate_uploaded", actor="dave").count() == 2
    summary = AuditEvent.objects.get(event="ca_bundle_uploaded")
    assert (summary.details["added"], summary.details["refused"], summary.details["certificates"]) == (2, 0, 2)


def test_a_key_rollover_in_a_bundle_is_checked_before_the_ca_it_signed():
    root = pki.make_root()
    subject = root.certificate.subject
    new_key = pki.build(subject=subject, issuer=root, issuer_name=subject, days=1825)
    under_new_key = pki.make_intermediate(new_key)

    report = upload(under_new_key.pem + root.pem + new_key.pem)

    assert [entry.outcome for entry in report.entries] == ["added"] * 3
    assert report.entries[1].ca.subject == report.entries[0].ca.subject  # the rollover, after the root


# --- The upload page and the import command -----------------------------------------------------------------

def test_the_upload_page_lists_each_certificate_of_a_bundle(dave_client):
    root, inter, _issuing = chain_of_three()
    expired = pki.make_intermediate(root, label="Expired CA", starts=-30, days=-1)
    upload(root.pem)
    file = SimpleUploadedFile("chain.p7b", p7b([root, inter, expired]))

    response = dave_client.post(reverse("certificates:ca_upload"), {"domain": "AUTH", "certificate": file})

    content = response.content.decode()
    assert response.status_code == 200
    assert "The bundle holds 3 certificates, checked root first:" in content
    assert "1 added, 1 already present, 1 refused." in content
    for text in ("Already present", "Added", "Refused", "The certificate expired on ", pki.common_name(inter)):
        assert text in content


def test_a_single_certificate_upload_still_lands_on_its_page(dave_client):
    response = dave_client.post(reverse("certificates:ca_upload"), {
        "domain": "AUTH", "certificate": SimpleUploadedFile("root.pem", pki.make_root().pem)})

    assert response.status_code == 302 and response.url == CACertificate.objects.get().get_absolute_url()


def test_the_import_command_imports_a_bundle(tmp_path):
    root, inter, issuing = chain_of_three()
    path = tmp_path / "chain.p7b"
    path.write_bytes(p7b([issuing, inter, root]))
    out = io.StringIO()

    call_command("import_ca_certificate", "--domain", "DEVICE", str(path), stdout=out)

    assert CACertificate.objects.filter(domain="DEVICE").count() == 3
    assert "3 added, 0 already present." in out.getvalue()


def test_the_import_command_fails_when_a_certificate_of_the_bundle_is_refused(tmp_path):
    root = pki.make_root()
    expired = pki.make_intermediate(root, starts=-30, days=-1)
    path = tmp_path / "chain.pem"
    path.write_bytes(root.pem + expired.pem)
    out = io.StringIO()

    with pytest.raises(CommandError, match="1 of 2 certificates refused; 1 added"):
        call_command("import_ca_certificate", "--domain", "AUTH", str(path), stdout=out)

    assert "Refused (expired)" in out.getvalue()
    assert CACertificate.objects.get().kind == "root"


def test_a_lone_der_certificate_named_p7b_is_a_bundle_of_one():
    root = pki.make_root()

    report = upload(root.der, filename="root.p7b")

    assert [entry.outcome for entry in report.entries] == ["added"]
