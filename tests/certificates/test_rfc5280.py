"""The RFC 5280 profile (issue 10): one crafted certificate per rule, accepted or refused as the RFC says,
through the trust store, partner certificates and FTM chip certificates."""

import ipaddress

import pytest
from cryptography import x509
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, ExtensionOID

from certificates import services
from tests.certificates import der
from tests.certificates import factories as pki

pytestmark = pytest.mark.django_db

ORGANIZATION = "Alice Auth Ltd"


def upload_ca(data, *, domain="AUTH"):
    data = data if isinstance(data, bytes) else data.pem
    return services.upload_ca_certificate(domain=domain, data=data, filename="ca.der", actor=None)


def refused_ca(refusal, data, *, domain="AUTH"):
    data = data if isinstance(data, bytes) else data.pem
    return refusal(services.upload_ca_certificate, domain=domain, data=data, filename="ca.der", actor=None)


def refused_partner(refusal, partner, data):
    data = data if isinstance(data, bytes) else data.pem
    return refusal(services.upload_partner_certificate, partner=partner, data=data, filename="p.der",
                   actor=None)


def partner_cert(issuer, **kwargs):
    return pki.make_partner_certificate(issuer, organization=ORGANIZATION, **kwargs)


def aia(critical_location="http://ca.example/issuer.crt"):
    return x509.AuthorityInformationAccess([x509.AccessDescription(
        AuthorityInformationAccessOID.CA_ISSUERS, x509.UniformResourceIdentifier(critical_location))])


# --- 1. No certificate crashes anything -----------------------------------------------------------------------

def test_a_duplicated_extension_is_refused_and_named(refusal):
    root = pki.make_root()
    duplicated = der.resign(root.der, root.key, der.with_extensions(der.duplicate_first_extension))

    error = refused_ca(refusal, duplicated)

    assert error.code == "extension_malformed"
    assert error.message == ("The certificate has a malformed or duplicated extension: subjectKeyIdentifier "
                             "(2.5.29.14).")


def test_a_malformed_extension_value_is_refused_and_named(refusal):
    garbage = x509.UnrecognizedExtension(ExtensionOID.KEY_USAGE, b"\x01\x02")

    error = refused_ca(refusal, pki.make_root(key_usage=False, extra=[garbage]))

    assert error.code == "extension_malformed"
    assert "keyUsage (2.5.29.15)" in error.message


def test_an_unsupported_general_name_type_is_a_malformed_extension(auth_pki, alice, refusal):
    x400 = x509.UnrecognizedExtension(ExtensionOID.SUBJECT_ALTERNATIVE_NAME, b"\x30\x04\xa3\x02\x30\x00")

    error = refused_partner(refusal, alice.partner, partner_cert(auth_pki.intermediate, extra=[x400]))

    assert (error.code, error.message) == ("extension_malformed", "The certificate has a malformed or "
                                           "duplicated extension: subjectAltName (2.5.29.17).")


def test_a_malformed_ip_address_in_a_name_is_refused_for_an_ftm_chip(refusal):
    hierarchy = pki.install_hierarchy("FTM")
    bad_ip = x509.UnrecognizedExtension(ExtensionOID.SUBJECT_ALTERNATIVE_NAME, b"\x30\x05\x87\x03\x01\x02\x03")
    chip = pki.make_partner_certificate(hierarchy.intermediate, organization="Chip Maker", extra=[bad_ip])

    error = refusal(services.validate_end_entity, data=chip.der, domain="FTM", organization="Chip Maker")

    assert error.code == "extension_malformed" and "subjectAltName" in error.message


def test_reordered_extensions_are_fine():
    root = pki.make_root()
    reordered = der.resign(root.der, root.key, der.with_extensions(der.reverse_extensions))

    assert upload_ca(reordered).kind == "root"


# --- 2. The library's extension policies, each refusal with its own message ---------------------------------

def test_a_critical_authority_key_identifier_is_refused(auth_pki, refusal):
    key_id = x509.AuthorityKeyIdentifier.from_issuer_public_key(auth_pki.root.key.public_key())
    inter = pki.make_intermediate(auth_pki.root, aki=False, critical_extra=[key_id])

    error = refused_ca(refusal, inter)

    assert error.code == "aki_critical"
    assert error.message == ("The authority key identifier extension is marked critical; RFC 5280 requires it "
                             "to be non-critical.")


def test_a_critical_subject_key_identifier_is_refused(refusal):
    key = pki.new_key()
    error = refused_ca(refusal, pki.make_root(key=key, ski=False, critical_extra=[
        x509.SubjectKeyIdentifier.from_public_key(key.public_key())]))

    assert error.code == "ski_critical"


def test_name_constraints_in_an_end_entity_are_refused(auth_pki, alice, refusal):
    constraints = x509.NameConstraints(permitted_subtrees=[x509.DNSName("alice.example")],
                                       excluded_subtrees=None)

    error = refused_partner(refusal, alice.partner,
                            partner_cert(auth_pki.intermediate, critical_extra=[constraints]))

    assert error.code == "name_constraints_in_end_entity"
    assert "only CA certificates may carry" in error.message


def test_a_ca_with_a_non_critical_basic_constraints_is_refused(refusal):
    error = refused_ca(refusal, pki.make_root(bc_critical=False))

    assert error.code == "basic_constraints_not_critical"
    assert "RFC 5280 requires it to be critical" in error.message


def test_a_critical_authority_information_access_is_refused(auth_pki, refusal):
    error = refused_ca(refusal, pki.make_intermediate(auth_pki.root, critical_extra=[aia()]))

    assert error.code == "aia_critical"


def test_an_unknown_critical_extension_is_refused_and_named(refusal):
    policies = x509.CertificatePolicies([x509.PolicyInformation(x509.ObjectIdentifier("1.2.3.4"), None)])

    error = refused_ca(refusal, pki.make_root(critical_extra=[policies]))

    assert error.code == "unknown_critical_extension"
    assert "(certificatePolicies (2.5.29.32))" in error.message


def test_a_partner_certificate_without_san_with_any_eku_is_accepted(auth_pki, alice):
    usage = x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION, ExtendedKeyUsageOID.CODE_SIGNING])
    issued = partner_cert(auth_pki.intermediate, extra=[usage, aia()])

    certificate = services.upload_partner_certificate(partner=alice.partner, data=issued.pem, filename="p.pem")

    assert certificate.is_current


def test_an_intermediate_with_critical_policy_constraints_is_accepted(auth_pki):
    constraints = x509.PolicyConstraints(require_explicit_policy=None, inhibit_policy_mapping=0)

    assert upload_ca(pki.make_intermediate(auth_pki.root, critical_extra=[constraints])).kind == "intermediate"


# --- 3. The checks the library leaves to its callers ---------------------------------------------------------

def test_an_intermediate_without_authority_key_identifier_is_refused(auth_pki, refusal):
    error = refused_ca(refusal, pki.make_intermediate(auth_pki.root, aki=False))

    assert error.code == "aki_missing"
    assert error.message == ("The certificate has no authority key identifier; RFC 5280 requires one in every "
                             "certificate that is not self-signed.")


def test_a_partner_certificate_without_authority_key_identifier_is_refused(auth_pki, alice, refusal):
    assert refused_partner(refusal, alice.partner, partner_cert(auth_pki.intermediate, aki=False)).code == (
        "aki_missing")


def test_a_self_signed_root_may_omit_the_authority_key_identifier():
    assert upload_ca(pki.make_root(aki=False)).kind == "root"


def test_an_authority_key_identifier_without_key_identifier_is_refused(auth_pki, refusal):
    issuer_only = x509.AuthorityKeyIdentifier(None, [x509.DirectoryName(auth_pki.root.certificate.subject)],
                                              auth_pki.root.certificate.serial_number)

    error = refused_ca(refusal, pki.make_intermediate(auth_pki.root, aki=False, extra=[issuer_only]))

    assert error.code == "aki_no_key_identifier"


def test_a_ca_without_subject_key_identifier_is_refused(refusal):
    error = refused_ca(refusal, pki.make_root(ski=False))

    assert error.code == "ski_missing"
    assert "requires one in every CA certificate" in error.message


def test_an_end_entity_may_omit_the_subject_key_identifier(auth_pki, alice):
    issued = partner_cert(auth_pki.intermediate, ski=False)

    assert services.upload_partner_certificate(partner=alice.partner, data=issued.pem, filename="p.pem")


@pytest.mark.parametrize("serial", [0, -5])
def test_a_serial_number_that_is_not_positive_is_refused(serial, refusal):
    root = pki.make_root()

    error = refused_ca(refusal, der.resign(root.der, root.key, der.with_serial(serial)))

    assert error.code == "serial_not_positive"
    assert error.message == (f"The certificate's serial number is {serial}; RFC 5280 requires a positive, "
                             "non-zero serial number.")


def test_a_serial_number_of_21_octets_is_refused(refusal):
    root = pki.make_root()

    error = refused_ca(refusal, der.resign(root.der, root.key, der.with_serial(2 ** 159)))

    assert error.code == "serial_too_long"
    assert "21 octets long; RFC 5280 allows at most 20 octets" in error.message


def test_a_serial_number_of_20_octets_is_accepted():
    root = pki.make_root()

    assert upload_ca(der.resign(root.der, root.key, der.with_serial(2 ** 159 - 1))).kind == "root"


def test_an_empty_subject_needs_a_critical_subject_alternative_name(auth_pki, alice, refusal):
    names = x509.SubjectAlternativeName([x509.DNSName("alice.example")])
    issued = pki.build(subject=x509.Name([]), issuer=auth_pki.intermediate, ca=False, extra=[names])

    error = refused_partner(refusal, alice.partner, issued)

    assert error.code == "san_not_critical"


def test_an_empty_subject_without_subject_alternative_name_is_refused(auth_pki, alice, refusal):
    issued = pki.build(subject=x509.Name([]), issuer=auth_pki.intermediate, ca=False)

    assert refused_partner(refusal, alice.partner, issued).code == "san_missing"


def test_an_empty_subject_with_a_critical_alternative_name_passes_the_profile(auth_pki, alice, refusal):
    names = x509.SubjectAlternativeName([x509.DNSName("alice.example")])
    issued = pki.build(subject=x509.Name([]), issuer=auth_pki.intermediate, ca=False, critical_extra=[names])

    assert refused_partner(refusal, alice.partner, issued).code == "organization_missing"


@pytest.mark.parametrize("dns_name", ["bad name.example", "-alice.example", "alice..example", "", "a" * 64 + ".x"])
def test_a_dns_name_outside_the_preferred_syntax_is_refused(dns_name, auth_pki, alice, refusal):
    names = x509.SubjectAlternativeName([x509.DNSName(dns_name)])

    error = refused_partner(refusal, alice.partner, partner_cert(auth_pki.intermediate, extra=[names]))

    assert error.code == "san_dns_invalid"
    assert "is not a valid DNS name" in error.message


@pytest.mark.parametrize("dns_name", ["alice.example", "*.alice.example", "xn--bcher-kva.example", "a1-b2.c3"])
def test_a_dns_name_in_the_preferred_syntax_is_accepted(dns_name):
    assert rules_accept_dns(dns_name)


def rules_accept_dns(name: str) -> bool:
    from certificates.engine.profile import is_preferred_dns_name

    return is_preferred_dns_name(name)


def test_non_critical_name_constraints_are_refused(refusal):
    constraints = x509.NameConstraints(permitted_subtrees=[x509.DNSName("example.org")], excluded_subtrees=None)

    error = refused_ca(refusal, pki.make_root(extra=[constraints]))

    assert error.code == "name_constraints_not_critical"


def test_non_critical_policy_constraints_are_refused(auth_pki, refusal):
    constraints = x509.PolicyConstraints(require_explicit_policy=0, inhibit_policy_mapping=None)

    error = refused_ca(refusal, pki.make_intermediate(auth_pki.root, extra=[constraints]))

    assert error.code == "policy_constraints_not_critical"
    assert "policy constraints extension is not marked critical" in error.message


def test_directory_name_constraints_are_refused_as_not_evaluable(refusal):
    directory = x509.DirectoryName(pki.name("Allowed", "Alice Auth Ltd"))
    constraints = x509.NameConstraints(permitted_subtrees=[directory], excluded_subtrees=None)

    error = refused_ca(refusal, pki.make_root(critical_extra=[constraints]))

    assert error.code == "name_constraints_directory_name"
    assert "(directoryName), which the chain validator cannot evaluate" in error.message


def test_uri_name_constraints_are_refused_as_not_evaluable(refusal):
    constraints = x509.NameConstraints(permitted_subtrees=[x509.UniformResourceIdentifier(".example.org")],
                                       excluded_subtrees=None)

    error = refused_ca(refusal, pki.make_root(critical_extra=[constraints]))

    assert error.code == "name_constraints_unsupported"
    assert "restrict URI names" in error.message


def test_dns_and_ip_name_constraints_are_accepted():
    constraints = x509.NameConstraints(
        permitted_subtrees=[x509.DNSName("example.org"), x509.IPAddress(ipaddress.ip_network("10.0.0.0/8"))],
        excluded_subtrees=[x509.RFC822Name("bad.example.org")])

    assert upload_ca(pki.make_root(critical_extra=[constraints])).kind == "root"
