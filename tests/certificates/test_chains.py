"""Chains (issue 10): RFC 5280 §6.1.4 path length with self-issued (key rollover) certificates excluded,
validity up to and including notAfter, and a named reason when a chain fails."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from cryptography import x509

from certificates import selectors, services
from certificates.engine import rules
from certificates.models import CACertificate
from tests.certificates import factories as pki

pytestmark = pytest.mark.django_db

ORGANIZATION = "Alice Auth Ltd"


def upload_ca(issued):
    return services.upload_ca_certificate(domain="AUTH", data=issued.pem, filename="ca.pem", actor=None)


def refused_ca(refusal, issued):
    return refusal(services.upload_ca_certificate, domain="AUTH", data=issued.pem, filename="ca.pem", actor=None)


def refused_partner(refusal, partner, issued):
    return refusal(services.upload_partner_certificate, partner=partner, data=issued.pem, filename="p.pem",
                   actor=None)


def partner_cert(issuer, **kwargs):
    return pki.make_partner_certificate(issuer, organization=ORGANIZATION, **kwargs)


# --- Path length (§6.1.4), self-issued certificates excluded ------------------------------------------------

def test_a_path_length_of_zero_allows_no_intermediate_above_a_partner(alice, refusal):
    root = pki.make_root(path_length=0)
    upload_ca(root)
    inter = pki.make_intermediate(root)
    upload_ca(inter)  # as the end of a path it breaks nothing yet

    error = refused_partner(refusal, alice.partner, partner_cert(inter))

    assert error.code == "path_length_exceeded"
    assert error.message == (f"The CA certificate \"{pki.common_name(root)}\" allows at most 0 intermediate "
                             "CA certificates below it (pathLenConstraint); this chain has 1.")


def rollover(root: pki.Issued, **kwargs) -> pki.Issued:
    """A new key for the root's name, certified by the root's key: a self-issued intermediate."""
    subject = root.certificate.subject
    return pki.build(subject=subject, issuer=root, issuer_name=subject, days=1825, **kwargs)


def test_a_self_issued_certificate_is_an_intermediate_not_an_altered_root():
    root = pki.make_root()
    root_row = upload_ca(root)

    ca = upload_ca(rollover(root))

    assert (ca.kind, ca.parent, ca.subject) == ("intermediate", root_row, root_row.subject)


def test_a_self_issued_certificate_without_authority_key_identifier_is_refused(refusal):
    root = pki.make_root()
    upload_ca(root)

    assert refused_ca(refusal, rollover(root, aki=False)).code == "aki_missing"


def test_a_self_issued_certificate_does_not_count_against_path_length(alice):
    root = pki.make_root(path_length=0)
    upload_ca(root)
    new_key = rollover(root)
    upload_ca(new_key)

    certificate = services.upload_partner_certificate(partner=alice.partner, data=partner_cert(new_key).pem,
                                                      filename="p.pem")

    assert certificate.issuer_ca.fingerprint_sha256 == pki.fingerprint(new_key)
    assert certificate.issuer_ca.parent.kind == "root"


def test_an_intermediate_below_a_self_issued_one_still_counts(alice, refusal):
    root = pki.make_root(path_length=0)
    upload_ca(root)
    new_key = rollover(root)
    upload_ca(new_key)
    below = pki.make_intermediate(new_key)
    upload_ca(below)

    error = refused_partner(refusal, alice.partner, partner_cert(below))

    assert error.code == "path_length_exceeded" and "this chain has 1" in error.message


# --- 4. Validity includes notAfter (§4.1.2.5) ---------------------------------------------------------------

def test_a_certificate_is_valid_at_its_not_after_second():
    certificate = pki.make_root().certificate
    not_after = certificate.not_valid_after_utc

    rules.check_validity(certificate, now=not_after, min_days=0)
    with pytest.raises(Exception, match="expired"):
        rules.check_validity(certificate, now=not_after + timedelta(seconds=1), min_days=0)


def test_the_stored_validity_includes_the_not_after_second(auth_pki):
    ca = CACertificate.objects.get(kind="root")

    assert ca.validity(now=ca.not_after) == "expiring"
    assert ca.validity(now=ca.not_after + timedelta(seconds=1)) == "expired"


def test_a_partner_certificate_is_in_force_at_its_not_after_second(auth_pki, alice):
    certificate = services.upload_partner_certificate(
        partner=alice.partner, data=partner_cert(auth_pki.intermediate).pem, filename="p.pem")

    with time_machine.travel(certificate.not_after, tick=False):
        assert selectors.has_valid_partner_certificate(alice.partner)
        assert list(selectors.ca_certificates(validity="expired")) == []
    with time_machine.travel(certificate.not_after + timedelta(seconds=1), tick=False):
        assert not selectors.has_valid_partner_certificate(alice.partner)


# --- 5. When a chain fails, say why --------------------------------------------------------------------------

def test_a_ca_of_the_chain_not_valid_yet_is_named(alice, refusal):
    root = pki.make_root(starts=-10)
    inter = pki.make_intermediate(root)  # valid from yesterday
    upload_ca(root)
    upload_ca(inter)
    issued = partner_cert(inter, starts=-5)

    with time_machine.travel(datetime.now(UTC) - timedelta(days=2)):
        error = refused_partner(refusal, alice.partner, issued)

    assert error.code == "chain_ca_not_yet_valid"
    assert error.message.startswith(f"The CA certificate \"{pki.common_name(inter)}\" in the chain is not valid "
                                    "until ")


def test_a_name_constraint_violation_names_the_constraining_ca(alice, refusal):
    constraints = x509.NameConstraints(permitted_subtrees=[x509.DNSName("alice.example")], excluded_subtrees=None)
    root = pki.make_root(critical_extra=[constraints])
    upload_ca(root)
    outside = x509.SubjectAlternativeName([x509.DNSName("mallory.example")])

    error = refused_partner(refusal, alice.partner, partner_cert(root, extra=[outside]))

    assert error.code == "name_constraint_violated"
    assert pki.common_name(root) in error.message


def test_a_name_inside_the_constraints_is_accepted(alice):
    constraints = x509.NameConstraints(permitted_subtrees=[x509.DNSName("alice.example")], excluded_subtrees=None)
    root = pki.make_root(critical_extra=[constraints])
    upload_ca(root)
    inside = x509.SubjectAlternativeName([x509.DNSName("auth.alice.example")])

    assert services.upload_partner_certificate(partner=alice.partner, filename="p.pem",
                                               data=partner_cert(root, extra=[inside]).pem)


def test_the_library_policy_refuses_a_stored_ca_and_the_refusal_names_it(alice, refusal):
    """A CA stored before these rules (here: its basicConstraints is not critical) is refused by the library's
    CA policy when a chain goes through it, and the message names it."""
    from certificates.engine import describe

    root = pki.make_root()
    root_row = upload_ca(root)
    legacy = pki.make_intermediate(root, bc_critical=False)
    CACertificate.objects.create(domain="AUTH", kind="intermediate", parent=root_row,
                                 **describe(legacy.certificate).as_fields())

    error = refused_partner(refusal, alice.partner, partner_cert(legacy))

    assert error.code == "chain_ca_refused"
    assert error.message == (f"The chain validator refused the CA certificate \"{pki.common_name(legacy)}\" in "
                             "the chain: it does not follow the RFC 5280 profile.")


def test_a_ca_restricted_to_other_purposes_still_issues_partner_certificates(alice):
    from cryptography.x509.oid import ExtendedKeyUsageOID

    root = pki.make_root()
    upload_ca(root)
    signing_only = x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION])
    inter = pki.make_intermediate(root, extra=[signing_only])
    upload_ca(inter)

    certificate = services.upload_partner_certificate(partner=alice.partner, filename="p.pem",
                                                      data=partner_cert(inter, extra=[signing_only]).pem)

    assert certificate.issuer_ca.subject_common_name == pki.common_name(inter)


def test_what_only_the_library_refuses_is_still_a_clear_refusal(auth_pki, alice, refusal):
    from cryptography.hazmat.primitives import hashes

    issued = partner_cert(auth_pki.intermediate, algorithm=hashes.SHA224())  # not in the Web PKI's list

    error = refused_partner(refusal, alice.partner, issued)

    assert error.code == "profile_invalid"
    assert error.message.startswith("The chain validator refused the certificate: it does not follow the RFC 5280")
