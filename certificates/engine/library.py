"""`cryptography.x509.verification` as the engine uses it: its RFC 5280 extension policies and one call.

The policies start from the library's `webpki_defaults_ca()` and `webpki_defaults_ee()` and are relaxed only
where §3 asks for less: a client certificate may lack SAN and EKU, and its EKU may name any purpose (partner
certificates sign and encrypt data; they are not TLS clients); a CA's key usage may be absent (§3.1 asks for
keyCertSign *when* the extension is present); and a CA may carry the policy constraints and inhibit
anyPolicy extensions that RFC 5280 requires to be critical.
"""

from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.x509.verification import (
    Criticality,
    ExtensionPolicy,
    PolicyBuilder,
    Store,
    VerificationError,
)

from ..models import CACertificate
from .errors import refuse

MAX_CHAIN_DEPTH = 8  # intermediates between a certificate and its root; the library's default, made explicit


@dataclass(frozen=True)
class Anchor:
    """A trusted CA of the store with its parsed certificate."""

    row: CACertificate
    certificate: x509.Certificate


def _require_key_cert_sign(policy, certificate, usage: x509.KeyUsage | None) -> None:
    if usage is not None and not usage.key_cert_sign:
        raise ValueError("keyUsage of a CA does not assert keyCertSign")


CA_POLICY = (ExtensionPolicy.webpki_defaults_ca()
             .may_be_present(x509.KeyUsage, Criticality.AGNOSTIC, _require_key_cert_sign)
             .may_be_present(x509.ExtendedKeyUsage, Criticality.AGNOSTIC, None)
             .may_be_present(x509.PolicyConstraints, Criticality.CRITICAL, None)
             .may_be_present(x509.InhibitAnyPolicy, Criticality.CRITICAL, None))
EE_POLICY = (ExtensionPolicy.webpki_defaults_ee()
             .may_be_present(x509.SubjectAlternativeName, Criticality.AGNOSTIC, None)
             .may_be_present(x509.ExtendedKeyUsage, Criticality.AGNOSTIC, None))


def library_path(certificate: x509.Certificate, roots: list, intermediates: list, *, now: datetime,
                 ca: bool) -> tuple[list[x509.Certificate] | None, str]:
    """The path the library builds (leaf first), or None and the library's reason (never shown to users)."""
    verifier = (PolicyBuilder().store(Store(roots)).time(now).max_chain_depth(MAX_CHAIN_DEPTH)
                .extension_policies(ca_policy=CA_POLICY, ee_policy=CA_POLICY if ca else EE_POLICY)
                .build_client_verifier())
    try:
        return list(verifier.verify(certificate, intermediates).chain), ""
    except VerificationError as error:
        return None, str(error)


def check_root(certificate: x509.Certificate, *, now: datetime) -> None:
    """A self-signed CA through the library too, as its own anchor: its basic fields and CA policy."""
    chain, _reason = library_path(certificate, [certificate], [], now=now, ca=True)
    if chain is None:
        raise refuse("profile_invalid")


