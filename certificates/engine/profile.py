"""The RFC 5280 §4 profile checks that `cryptography`'s verifier leaves to its callers, or that it makes
only inside chain building where its error cannot say which rule failed. Each has its own message.

They run on every certificate that enters the portal (roots, intermediates, partner and FTM chip
certificates) before the library builds the path, so the library's refusal is left for what only a chain
can tell.
"""

import re

from cryptography import x509
from cryptography.x509.oid import ExtensionOID

from .errors import refuse
from .extensions import label
from .rules import is_self_signed, names_itself_as_issuer

MAX_SERIAL_OCTETS = 20

# The extensions the extension policies of chains.py account for; any other critical extension is one the
# portal does not process, which RFC 5280 §4.2 says must make the certificate unacceptable.
_EE_EXTENSIONS = {
    ExtensionOID.AUTHORITY_INFORMATION_ACCESS, ExtensionOID.AUTHORITY_KEY_IDENTIFIER,
    ExtensionOID.SUBJECT_KEY_IDENTIFIER, ExtensionOID.KEY_USAGE, ExtensionOID.SUBJECT_ALTERNATIVE_NAME,
    ExtensionOID.BASIC_CONSTRAINTS, ExtensionOID.NAME_CONSTRAINTS, ExtensionOID.EXTENDED_KEY_USAGE,
}
_CA_EXTENSIONS = _EE_EXTENSIONS | {ExtensionOID.POLICY_CONSTRAINTS, ExtensionOID.INHIBIT_ANY_POLICY}
_MUST_NOT_BE_CRITICAL = {
    ExtensionOID.AUTHORITY_KEY_IDENTIFIER: "aki_critical",  # §4.2.1.1
    ExtensionOID.SUBJECT_KEY_IDENTIFIER: "ski_critical",  # §4.2.1.2
    ExtensionOID.AUTHORITY_INFORMATION_ACCESS: "aia_critical",  # §4.2.2.1
}
_MUST_BE_CRITICAL = {
    ExtensionOID.NAME_CONSTRAINTS: "name_constraints_not_critical",  # §4.2.1.10
    ExtensionOID.POLICY_CONSTRAINTS: "policy_constraints_not_critical",  # §4.2.1.11
    ExtensionOID.INHIBIT_ANY_POLICY: "inhibit_any_policy_not_critical",  # §4.2.1.14
}
# Name forms whose constraints the verifier evaluates; it ignores or rejects every other form.
_EVALUATED_NAME_FORMS = (x509.DNSName, x509.IPAddress, x509.RFC822Name)
_NAME_FORM_LABELS = {
    x509.UniformResourceIdentifier: "URI", x509.RegisteredID: "registeredID", x509.OtherName: "otherName",
}
_DNS_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")


def check_profile(certificate: x509.Certificate, extensions: x509.Extensions, *, ca: bool) -> None:
    """Every check of this module, in the order a reader of RFC 5280 §4 meets them."""
    check_version(certificate)
    check_serial(certificate)
    check_name_constraints(extensions, ca=ca)
    check_criticality(extensions, ca=ca)
    check_key_identifiers(certificate, extensions, ca=ca)
    check_subject_alternative_name(certificate, extensions)


def check_version(certificate: x509.Certificate) -> None:
    if certificate.version != x509.Version.v3:
        raise refuse("version_not_v3", version=certificate.version.value + 1)


def check_serial(certificate: x509.Certificate) -> None:
    """§4.1.2.2: a positive integer of at most 20 octets (DER: a leading zero octet counts)."""
    serial = certificate.serial_number
    if serial <= 0:
        raise refuse("serial_not_positive", serial=serial)
    octets = serial.bit_length() // 8 + 1
    if octets > MAX_SERIAL_OCTETS:
        raise refuse("serial_too_long", octets=octets)


def check_criticality(extensions: x509.Extensions, *, ca: bool) -> None:
    known = _CA_EXTENSIONS if ca else _EE_EXTENSIONS
    for extension in extensions:
        if extension.critical and extension.oid in _MUST_NOT_BE_CRITICAL:
            raise refuse(_MUST_NOT_BE_CRITICAL[extension.oid])
        if not extension.critical and extension.oid in _MUST_BE_CRITICAL:
            raise refuse(_MUST_BE_CRITICAL[extension.oid])
        if extension.critical and extension.oid not in known:
            raise refuse("unknown_critical_extension", extension=label(extension.oid))
    constraints = _extension(extensions, x509.BasicConstraints)
    if ca and constraints is not None and not constraints.critical:
        raise refuse("basic_constraints_not_critical")  # §4.2.1.9


def check_key_identifiers(certificate: x509.Certificate, extensions: x509.Extensions, *, ca: bool) -> None:
    """§4.2.1.1: an AKI with a key identifier unless self-signed; §4.2.1.2: an SKI in every CA.

    A certificate that names itself as issuer but whose own key does not verify it is either altered or a
    key rollover; validation tells them apart first (a broken signature is the clearer message) and then
    calls `require_authority_key_identifier` for the rollover.
    """
    authority = _extension(extensions, x509.AuthorityKeyIdentifier)
    if authority is None and not names_itself_as_issuer(certificate):
        raise refuse("aki_missing")
    if authority is not None and authority.value.key_identifier is None:
        raise refuse("aki_no_key_identifier")
    if ca and _extension(extensions, x509.SubjectKeyIdentifier) is None:
        raise refuse("ski_missing")


def require_authority_key_identifier(certificate: x509.Certificate) -> None:
    """§4.2.1.1 for a self-issued certificate that is not self-signed (a key rollover)."""
    if not is_self_signed(certificate) and _extension(certificate.extensions,
                                                      x509.AuthorityKeyIdentifier) is None:
        raise refuse("aki_missing")


def check_subject_alternative_name(certificate: x509.Certificate, extensions: x509.Extensions) -> None:
    """§4.2.1.6: critical when the subject is empty; dNSName in the preferred name syntax."""
    names = _extension(extensions, x509.SubjectAlternativeName)
    if not certificate.subject.rdns:
        if names is None:
            raise refuse("san_missing")
        if not names.critical:
            raise refuse("san_not_critical")
    for dns_name in names.value.get_values_for_type(x509.DNSName) if names else ():
        if not is_preferred_dns_name(dns_name):
            raise refuse("san_dns_invalid", name=dns_name[:255])


def is_preferred_dns_name(name: str) -> bool:
    """RFC 1034 §3.5 as amended by RFC 1123 §2.1; a wildcard leftmost label ("*.example.org") is allowed,
    as every TLS and Web PKI validator allows it."""
    labels = name.split(".")
    if labels[0] == "*" and len(labels) > 2:
        labels = labels[1:]
    return len(name) <= 253 and all(_DNS_LABEL.match(part) for part in labels)


def check_name_constraints(extensions: x509.Extensions, *, ca: bool) -> None:
    """§4.2.1.10: only in CA certificates, not empty, and only in name forms the verifier can evaluate."""
    constraints = _extension(extensions, x509.NameConstraints)
    if constraints is None:
        return
    if not ca:
        raise refuse("name_constraints_in_end_entity")
    subtrees = [*(constraints.value.permitted_subtrees or ()), *(constraints.value.excluded_subtrees or ())]
    if not subtrees:
        raise refuse("name_constraints_empty")
    if any(isinstance(name, x509.DirectoryName) for name in subtrees):
        raise refuse("name_constraints_directory_name")
    unsupported = sorted({_NAME_FORM_LABELS.get(type(name), type(name).__name__) for name in subtrees
                          if not isinstance(name, _EVALUATED_NAME_FORMS)})
    if unsupported:
        raise refuse("name_constraints_unsupported", types=", ".join(unsupported))


def _extension(extensions: x509.Extensions, kind) -> x509.Extension | None:
    try:
        return extensions.get_extension_for_class(kind)
    except x509.ExtensionNotFound:
        return None
