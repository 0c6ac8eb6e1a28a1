"""Partner certificates (§3.3): checks, history, and the platform-signed copy."""

from datetime import timedelta

import pytest
from cryptography import x509
from cryptography.x509.verification import ExtensionPolicy, PolicyBuilder, Store

from audit.models import AuditEvent
from certificates import selectors, services
from certificates.models import CACertificate, PartnerCertificate, PortalCAKey
from tests import factories
from tests.certificates import factories as pki

pytestmark = pytest.mark.django_db


def upload(partner, data, *, filename="partner.pem", actor=None):
    return services.upload_partner_certificate(partner=partner, data=data, filename=filename, actor=actor)


def refused(refusal, partner, data, *, filename="partner.pem", actor=None):
    return refusal(services.upload_partner_certificate, partner=partner, data=data, filename=filename,
                   actor=actor)


def partner_cert(hierarchy, partner, **kwargs):
    return pki.make_partner_certificate(hierarchy.intermediate, organization=partner.organization_name,
                                        **kwargs)


@pytest.mark.parametrize("kind", ["ec", "rsa"])
def test_a_partner_uploads_its_ca_signed_certificate(kind, alice):
    hierarchy = pki.install_hierarchy("AUTH", kind=kind)
    issued = partner_cert(hierarchy, alice.partner, kind=kind)

    certificate = upload(alice.partner, issued.pem, actor=alice)

    assert (certificate.status, certificate.partner, certificate.domain) == ("current", alice.partner, "AUTH")
    assert certificate.issuer_ca.subject == hierarchy.intermediate.certificate.subject.rfc4514_string()
    assert certificate.uploaded_by == alice
    assert selectors.has_valid_partner_certificate(alice.partner)


def test_a_certificate_issued_directly_by_the_root_is_accepted(auth_pki, alice):
    issued = pki.make_partner_certificate(auth_pki.root, organization=alice.partner.organization_name)

    assert upload(alice.partner, issued.der, filename="p.der").issuer_ca.kind == "root"


def test_the_organization_name_match_ignores_case_and_spaces(auth_pki, alice):
    issued = pki.make_partner_certificate(auth_pki.intermediate, organization="  alice AUTH ltd ")

    assert upload(alice.partner, issued.pem).is_current


def test_a_re_upload_keeps_the_previous_certificate_in_the_history(auth_pki, alice):
    first = upload(alice.partner, partner_cert(auth_pki, alice.partner).pem)

    second = upload(alice.partner, partner_cert(auth_pki, alice.partner).pem)

    first.refresh_from_db()
    assert (first.status, second.status) == ("replaced", "current")
    assert first.replaced_at is not None
    assert list(selectors.partner_certificates(partner=alice.partner)) == [second, first]


def test_a_failed_re_upload_leaves_the_current_certificate_in_force(auth_pki, alice, refusal):
    current = upload(alice.partner, partner_cert(auth_pki, alice.partner).pem)

    other = pki.make_partner_certificate(auth_pki.intermediate, organization="Other")
    refused(refusal, alice.partner, other.pem)

    current.refresh_from_db()
    assert current.is_current and selectors.current_partner_certificate(alice.partner) == current
    assert PartnerCertificate.objects.count() == 1


def test_uploading_the_current_certificate_again_is_refused(auth_pki, alice, refusal):
    issued = partner_cert(auth_pki, alice.partner)
    upload(alice.partner, issued.pem)

    assert refused(refusal, alice.partner, issued.pem).code == "already_current"


def test_accepted_and_refused_uploads_are_audited(auth_pki, alice, refusal):
    certificate = upload(alice.partner, partner_cert(auth_pki, alice.partner).pem, actor=alice)
    refused(refusal, alice.partner, b"", actor=alice)

    accepted = AuditEvent.objects.get(event="partner_certificate_uploaded")
    failed = AuditEvent.objects.get(event="partner_certificate_upload_refused")
    assert (accepted.actor, accepted.reference_id) == ("alice", str(certificate.code))
    assert accepted.outcome == "success"
    assert (failed.outcome, failed.details["reason"], failed.details["partner_id"]) == (
        "failure", "file_empty", alice.partner.partner_id)


# --- Refusals of §3.3 --------------------------------------------------------------------------------------

def test_the_domain_must_have_a_root_ca_first(alice, refusal):
    pki.install_hierarchy("DEVICE")
    stray = pki.make_hierarchy()

    error = refused(refusal, alice.partner, partner_cert(stray, alice.partner).pem)

    assert error.code == "no_root_ca"
    assert "The AUTH domain has no root CA certificate in the trust store yet" in error.message


def test_a_certificate_of_another_organization_is_refused(auth_pki, alice, refusal):
    issued = pki.make_partner_certificate(auth_pki.intermediate, organization="Bob Bank")

    error = refused(refusal, alice.partner, issued.pem)

    assert error.code == "organization_mismatch"
    assert error.message == ("The certificate's organization (O=Bob Bank) does not match the partner's "
                             "organization name \"Alice Auth Ltd\".")


def test_a_certificate_without_organization_is_refused(auth_pki, alice, refusal):
    issued = pki.make_partner_certificate(auth_pki.intermediate, organization=None)

    assert refused(refusal, alice.partner, issued.pem).code == "organization_missing"


def test_a_ca_certificate_is_refused_as_partner_certificate(auth_pki, alice, refusal):
    error = refused(refusal, alice.partner, auth_pki.intermediate.pem)

    assert error.code == "ca_as_partner"
    assert error.message.startswith("This is a CA certificate.")


def test_an_end_entity_allowed_to_sign_certificates_counts_as_a_ca(auth_pki, alice, refusal):
    issued = partner_cert(auth_pki, alice.partner, cert_sign=True)

    assert refused(refusal, alice.partner, issued.pem).code == "ca_as_partner"


def test_a_self_signed_partner_certificate_is_refused(auth_pki, alice, refusal):
    issued = pki.build(subject=pki.name("me", alice.partner.organization_name), ca=False)

    error = refused(refusal, alice.partner, issued.pem)

    assert error.code == "self_signed"
    assert "is self-signed" in error.message


def test_a_certificate_of_an_unknown_ca_is_refused(auth_pki, alice, refusal):
    error = refused(refusal, alice.partner, partner_cert(pki.make_hierarchy(), alice.partner).pem)

    assert error.code == "unknown_issuer"


def test_a_certificate_of_another_domain_is_refused(auth_pki, refusal):
    device = factories.make_partner_user(type_code="device-provider").partner
    pki.install_hierarchy("DEVICE")

    error = refused(refusal, device, partner_cert(auth_pki, device).pem)

    assert error.code == "wrong_domain"
    assert "chains to a CA of the AUTH domain, not of the DEVICE domain" in error.message


def test_a_partner_certificate_with_a_broken_signature_is_refused(auth_pki, alice, refusal):
    tampered = pki.with_broken_signature(partner_cert(auth_pki, alice.partner))

    assert refused(refusal, alice.partner, tampered, filename="p.der").code == "broken_signature"


def test_an_expired_partner_certificate_is_refused(auth_pki, alice, refusal):
    issued = partner_cert(auth_pki, alice.partner, starts=-30, days=-1)

    assert refused(refusal, alice.partner, issued.pem).code == "expired"


def test_a_future_dated_partner_certificate_is_refused(auth_pki, alice, refusal):
    issued = partner_cert(auth_pki, alice.partner, starts=1)

    assert refused(refusal, alice.partner, issued.pem).code == "not_yet_valid"


def test_a_partner_certificate_with_too_little_validity_left_is_refused(auth_pki, alice, refusal):
    issued = partner_cert(auth_pki, alice.partner, days=300)

    error = refused(refusal, alice.partner, issued.pem)

    assert error.code == "validity_too_short"
    assert "at least 335 days" in error.message


def test_a_partner_certificate_with_a_weak_key_is_refused(auth_pki, alice, refusal):
    issued = pki.build(subject=pki.name("weak", alice.partner.organization_name), key=pki.rsa_key(1024),
                       issuer=auth_pki.intermediate, ca=False)

    assert refused(refusal, alice.partner, issued.pem).code == "weak_rsa_key"


def test_a_deactivated_partner_cannot_get_a_certificate(auth_pki, alice, refusal):
    alice.partner.status = "deactivated"
    alice.partner.save()

    error = refused(refusal, alice.partner, partner_cert(auth_pki, alice.partner).pem)

    assert error.code == "partner_inactive"


def test_the_end_entity_validation_is_reusable_for_ftm_chips():
    hierarchy = pki.install_hierarchy("FTM")
    issued = pki.make_partner_certificate(hierarchy.intermediate, organization="Chip Maker")

    validated = services.validate_end_entity(issued.der, domain="FTM", organization="chip maker")

    assert validated.certificate == issued.certificate
    assert validated.issuer.domain == "FTM"


# --- The platform-signed certificate ----------------------------------------------------------------------

def _portal_chain():
    signing = PortalCAKey.objects.get(kind="signing", is_current=True)
    return (x509.load_pem_x509_certificate(signing.parent.certificate_pem.encode()),
            x509.load_pem_x509_certificate(signing.certificate_pem.encode()))


def _signed(certificate):
    return x509.load_pem_x509_certificate(certificate.platform_signed.pem.encode())


def test_the_platform_signed_certificate_verifies_against_the_portal_ca(auth_pki, alice):
    certificate = upload(alice.partner, partner_cert(auth_pki, alice.partner, kind="rsa").pem)
    root, signing = _portal_chain()

    verifier = (PolicyBuilder().store(Store([root]))
                .extension_policies(ca_policy=ExtensionPolicy.webpki_defaults_ca(),
                                    ee_policy=ExtensionPolicy.permit_all())
                .build_client_verifier())
    chain = verifier.verify(_signed(certificate), [signing]).chain

    assert chain[1:] == [signing, root]


def test_the_platform_signed_certificate_carries_the_partner_subject_and_key(auth_pki, alice):
    issued = partner_cert(auth_pki, alice.partner)

    signed = _signed(upload(alice.partner, issued.pem))

    assert signed.subject == issued.certificate.subject
    assert signed.public_key() == issued.certificate.public_key()
    assert signed.issuer == _portal_chain()[1].subject


def test_the_platform_signed_certificate_is_an_end_entity(auth_pki, alice):
    signed = _signed(upload(alice.partner, partner_cert(auth_pki, alice.partner, kind="rsa").pem))

    constraints = signed.extensions.get_extension_for_class(x509.BasicConstraints)
    usage = signed.extensions.get_extension_for_class(x509.KeyUsage).value
    assert constraints.critical and constraints.value.ca is False
    assert usage.digital_signature and usage.key_encipherment and not usage.key_cert_sign
    assert signed.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value.key_identifier == (
        _portal_chain()[1].extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest)
    assert signed.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)


def test_the_platform_signed_certificate_keeps_the_subject_alternative_names(auth_pki, alice):
    names = x509.SubjectAlternativeName([x509.DNSName("auth.alice.example")])
    issued = partner_cert(auth_pki, alice.partner, extra=[names])

    signed = _signed(upload(alice.partner, issued.pem))

    assert signed.extensions.get_extension_for_class(x509.SubjectAlternativeName).value == names


def test_an_ec_platform_signed_certificate_has_no_key_encipherment(auth_pki, alice):
    signed = _signed(upload(alice.partner, partner_cert(auth_pki, alice.partner, kind="ec").pem))

    assert not signed.extensions.get_extension_for_class(x509.KeyUsage).value.key_encipherment


def test_the_platform_signed_serial_is_random_positive_and_long(auth_pki, alice, bob):
    first = _signed(upload(alice.partner, partner_cert(auth_pki, alice.partner).pem))
    second = _signed(upload(bob.partner, partner_cert(auth_pki, bob.partner).pem))

    assert first.serial_number > 0 and first.serial_number.bit_length() >= 64
    assert first.serial_number != second.serial_number


def test_the_platform_signed_validity_is_the_configured_one(auth_pki, alice):
    certificate = upload(alice.partner, partner_cert(auth_pki, alice.partner, days=730).pem)

    lifetime = certificate.platform_signed.not_after - certificate.platform_signed.not_before
    assert timedelta(days=364) < lifetime <= timedelta(days=365, minutes=6)


def test_the_platform_signed_validity_never_exceeds_the_partner_certificate(auth_pki, alice, settings):
    settings.SIGNED_CERT_VALIDITY_DAYS = 3650
    certificate = upload(alice.partner, partner_cert(auth_pki, alice.partner, days=400).pem)

    signed = certificate.platform_signed
    assert signed.not_after == certificate.not_after
    assert signed.not_before >= certificate.not_before


def test_the_platform_signed_certificate_never_enters_the_trust_store(auth_pki, alice):
    certificate = upload(alice.partner, partner_cert(auth_pki, alice.partner).pem)

    assert not CACertificate.objects.filter(
        fingerprint_sha256=certificate.platform_signed.fingerprint_sha256).exists()


def test_the_platform_signed_copy_keeps_the_criticality_of_the_alternative_names(auth_pki, alice):
    names = x509.SubjectAlternativeName([x509.DNSName("auth.alice.example")])
    issued = pki.make_partner_certificate(auth_pki.intermediate, organization=alice.partner.organization_name,
                                          critical_extra=[names])

    signed = _signed(upload(alice.partner, issued.pem))

    assert signed.extensions.get_extension_for_class(x509.SubjectAlternativeName).critical
