"""The trust store service (§3.1): every acceptance and refusal reason, audited."""

from datetime import timedelta

import pytest
import time_machine
from cryptography import x509
from django.utils import timezone

from audit.models import AuditEvent
from certificates import services
from certificates.models import CACertificate
from tests.certificates import factories as pki

pytestmark = pytest.mark.django_db


def upload(issued_or_bytes, *, domain="AUTH", filename="ca.pem", actor=None):
    data = issued_or_bytes if isinstance(issued_or_bytes, bytes) else issued_or_bytes.pem
    return services.upload_ca_certificate(domain=domain, data=data, filename=filename, actor=actor)


def refused_upload(refusal, issued_or_bytes, **kwargs):
    data = issued_or_bytes if isinstance(issued_or_bytes, bytes) else issued_or_bytes.pem
    return refusal(services.upload_ca_certificate, data=data, domain=kwargs.pop("domain", "AUTH"),
                   filename=kwargs.pop("filename", "ca.pem"), actor=kwargs.pop("actor", None))


@pytest.mark.parametrize("kind", ["ec", "rsa", "p384", "p521", "ed25519"])
def test_a_self_signed_ca_is_stored_as_a_root(kind, dave):
    root = pki.make_root(kind=kind)

    ca = upload(root, actor=dave)

    assert (ca.kind, ca.parent, ca.domain, ca.uploaded_by) == ("root", None, "AUTH", dave)
    assert ca.fingerprint_sha256 == root.certificate.fingerprint(pki.hashes.SHA256()).hex()


def test_the_parsed_fields_are_stored():
    root = pki.make_root(kind="rsa")

    ca = upload(root)

    assert ca.subject == root.certificate.subject.rfc4514_string()
    assert ca.issuer == ca.subject
    assert ca.subject_common_name.startswith("Root CA")
    assert int(ca.serial_number, 16) == root.certificate.serial_number
    assert ca.not_after == root.certificate.not_valid_after_utc
    assert (ca.key_algorithm, ca.key_size, ca.key_curve) == ("RSA", 2048, "")
    assert ca.signature_algorithm == "RSA with SHA256"
    assert x509.load_pem_x509_certificate(ca.pem.encode()) == root.certificate


def test_an_ec_key_is_described_with_its_curve():
    ca = upload(pki.make_root(kind="p384"))

    assert ca.key_description == "EC P-384 (384 bits)"


def test_a_der_upload_is_accepted():
    ca = upload(pki.make_root().der, filename="root.der")

    assert ca.kind == "root"


@pytest.mark.parametrize("kind", ["ec", "rsa", "p384", "p521"])
def test_an_intermediate_that_chains_to_a_root_of_the_domain_is_accepted(kind):
    root = pki.make_root(kind=kind)
    root_row = upload(root)

    ca = upload(pki.make_intermediate(root, kind=kind))

    assert (ca.kind, ca.parent) == ("intermediate", root_row)


def test_a_second_level_intermediate_is_linked_to_its_issuer(auth_pki):
    below = pki.make_intermediate(auth_pki.intermediate)

    ca = upload(below)

    assert ca.parent.subject == auth_pki.intermediate.certificate.subject.rfc4514_string()
    assert ca.parent.parent.kind == "root"


def test_an_accepted_upload_is_audited(dave):
    ca = upload(pki.make_root(), actor=dave)

    event = AuditEvent.objects.get(event="ca_certificate_uploaded")
    assert (event.outcome, event.actor, event.reference_id) == ("success", "dave", str(ca.code))
    assert event.details["fingerprint"] == ca.fingerprint_sha256


def test_a_refused_upload_is_audited_with_its_reason(dave, refusal):
    refused_upload(refusal, pki.build(subject=pki.name("leaf"), ca=False), actor=dave)

    event = AuditEvent.objects.get(event="ca_certificate_upload_refused")
    assert (event.outcome, event.actor, event.details["reason"]) == ("failure", "dave", "not_ca")
    assert not CACertificate.objects.exists()


# --- Refusals of §3.1, each with its own message ------------------------------------------------------------

def test_a_certificate_that_is_not_a_ca_is_refused(refusal):
    error = refused_upload(refusal, pki.build(subject=pki.name("leaf"), ca=False))

    assert error.code == "not_ca"
    assert "This is not a CA certificate" in error.message


def test_a_certificate_without_basic_constraints_is_not_a_ca(refusal):
    error = refused_upload(refusal, pki.build(subject=pki.name("v1"), basic_constraints=False))

    assert error.code == "not_ca"


def test_a_ca_whose_key_usage_lacks_key_cert_sign_is_refused(refusal):
    error = refused_upload(refusal, pki.make_root(cert_sign=False))

    assert error.code == "no_key_cert_sign"
    assert "does not include keyCertSign" in error.message


def test_a_ca_without_key_usage_extension_is_accepted():
    assert upload(pki.make_root(key_usage=False)).kind == "root"


def test_an_expired_ca_is_refused(refusal):
    error = refused_upload(refusal, pki.make_root(starts=-400, days=-1))

    assert error.code == "expired"
    assert error.message.startswith("The certificate expired on ")


def test_a_ca_not_valid_yet_is_refused(refusal):
    error = refused_upload(refusal, pki.make_root(starts=2, days=3650))

    assert error.code == "not_yet_valid"
    assert "is not valid yet" in error.message


def test_a_ca_with_less_than_the_minimum_validity_left_is_refused(refusal):
    error = refused_upload(refusal, pki.make_root(days=364))

    assert error.code == "validity_too_short"
    assert "at least 365 days" in error.message


def test_the_minimum_ca_validity_comes_from_the_settings(settings):
    settings.CA_CERT_MIN_VALIDITY_DAYS = 30

    assert upload(pki.make_root(days=60)).kind == "root"


def test_a_weak_rsa_key_is_refused(refusal):
    root = pki.make_root(kind="ec")
    weak = pki.build(subject=pki.name("weak"), key=pki.rsa_key(1024))

    error = refused_upload(refusal, weak)

    assert root and error.code == "weak_rsa_key"
    assert error.message == "The RSA key has 1024 bits; at least 2048 bits are required."


def test_a_non_approved_ec_curve_is_refused(refusal):
    error = refused_upload(refusal, pki.make_root(kind="secp256k1"))

    assert error.code == "ec_curve_not_allowed"
    assert "uses the curve secp256k1" in error.message


def test_a_sha1_signature_is_refused(refusal):
    root = pki.make_root(kind="rsa")

    error = refused_upload(refusal, pki.pem_of(pki.resign_with_weak_hash(root, digest="sha1")))

    assert error.code == "signature_sha1"
    assert "signed with SHA-1" in error.message


def test_an_md5_signature_is_refused(refusal):
    root = pki.make_root(kind="rsa")

    error = refused_upload(refusal, pki.pem_of(pki.resign_with_weak_hash(root, digest="md5")))

    assert error.code == "signature_md5"
    assert "signed with MD5" in error.message


def test_a_duplicate_in_the_same_domain_is_refused(refusal):
    root = pki.make_root()
    upload(root)

    error = refused_upload(refusal, root.der, filename="again.der")

    assert error.code == "duplicate"
    assert error.message == "This certificate is already in the trust store of the AUTH domain."


def test_the_same_ca_may_be_trusted_in_two_domains():
    root = pki.make_root()
    upload(root, domain="AUTH")

    assert upload(root, domain="DEVICE").domain == "DEVICE"


def test_an_intermediate_before_any_root_of_the_domain_is_refused(refusal):
    root = pki.make_root()

    error = refused_upload(refusal, pki.make_intermediate(root))

    assert error.code == "no_root_ca"
    assert "upload the root certificate first" in error.message


def test_an_intermediate_of_an_unknown_issuer_is_refused(auth_pki, refusal):
    stranger = pki.make_root()

    error = refused_upload(refusal, pki.make_intermediate(stranger))

    assert error.code == "unknown_issuer"
    assert "is not in the trust store of the AUTH domain" in error.message


def test_an_intermediate_whose_root_is_in_another_domain_is_refused(auth_pki, refusal):
    pki.install_hierarchy("DEVICE")

    error = refused_upload(refusal, pki.make_intermediate(auth_pki.root), domain="DEVICE")

    assert error.code == "wrong_domain"
    assert error.message == "This certificate chains to a CA of the AUTH domain, not of the DEVICE domain."


def test_an_intermediate_with_a_broken_signature_is_refused(auth_pki, refusal):
    tampered = pki.with_broken_signature(pki.make_intermediate(auth_pki.root))

    error = refused_upload(refusal, tampered, filename="tampered.der")

    assert error.code == "broken_signature"
    assert "signature does not verify" in error.message


def test_a_self_named_certificate_with_a_broken_signature_is_refused(refusal):
    tampered = pki.with_broken_signature(pki.make_root())

    assert refused_upload(refusal, tampered, filename="root.der").code == "broken_signature"


def test_an_intermediate_whose_issuer_was_deactivated_is_refused(auth_pki, dave, refusal):
    services.deactivate_ca_certificate(ca=CACertificate.objects.get(kind="intermediate"), actor=dave)

    error = refused_upload(refusal, pki.make_intermediate(auth_pki.intermediate))

    assert error.code == "issuer_deactivated"


def test_an_intermediate_under_an_ed25519_root_gets_a_clear_reason(refusal):
    root = pki.make_root(kind="ed25519")
    upload(root)

    error = refused_upload(refusal, pki.make_intermediate(root, kind="ec"))

    assert error.code == "chain_algorithm_not_supported"


def test_an_intermediate_under_an_expired_link_is_refused(refusal, settings):
    root = pki.make_root()
    upload(root)
    settings.CA_CERT_MIN_VALIDITY_DAYS = 0
    short = pki.make_intermediate(root, days=1)
    upload(short)
    settings.CA_CERT_MIN_VALIDITY_DAYS = 365
    below = pki.make_intermediate(short, days=800)

    with time_machine.travel(timezone.now() + timedelta(days=2)):
        error = refused_upload(refusal, below)

    assert error.code == "chain_ca_expired"
    assert error.message.startswith(f"The CA certificate \"{pki.common_name(short)}\" in the chain expired on ")


def test_an_unknown_domain_is_refused(refusal):
    error = refused_upload(refusal, pki.make_root(), domain="NOPE")

    assert (error.code, error.field) == ("unknown_domain", "domain")


# --- Deactivation ------------------------------------------------------------------------------------------

def test_deactivating_a_root_flags_every_certificate_that_chained_through_it(auth_pki, dave, alice):
    partner_certificate = pki.give_valid_partner_certificate(alice.partner, hierarchy=auth_pki)
    root = CACertificate.objects.get(kind="root")

    services.deactivate_ca_certificate(ca=root, actor=dave)

    root.refresh_from_db()
    partner_certificate.refresh_from_db()
    intermediate = CACertificate.objects.get(kind="intermediate")
    assert (root.status, root.deactivated_by) == ("deactivated", dave)
    assert intermediate.chain_deactivated and intermediate.is_active
    assert partner_certificate.chain_deactivated


def test_deactivation_is_audited(auth_pki, dave):
    root = CACertificate.objects.get(kind="root")

    services.deactivate_ca_certificate(ca=root, actor=dave)

    event = AuditEvent.objects.get(event="ca_certificate_deactivated")
    assert (event.actor, event.reference_id) == ("dave", str(root.code))
    assert event.details["flagged_ca_certificates"] == 1


def test_a_deactivated_ca_cannot_be_deactivated_again(auth_pki, dave, refusal):
    root = CACertificate.objects.get(kind="root")
    services.deactivate_ca_certificate(ca=root, actor=dave)

    assert refusal(services.deactivate_ca_certificate, ca=root, actor=dave).code == "already_deactivated"


def test_a_deactivated_ca_may_be_uploaded_again(auth_pki, dave):
    services.deactivate_ca_certificate(ca=CACertificate.objects.get(kind="root"), actor=dave)

    again = upload(auth_pki.root)

    assert again.is_active and CACertificate.objects.filter(kind="root").count() == 2
