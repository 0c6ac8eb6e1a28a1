"""Chain building against one domain's trust store with `cryptography.x509.verification` (§3.4).

The library builds and checks the path; when it refuses, `_diagnose` looks at the certificate's issuer
to turn the library's error into one of our codes (unknown issuer, wrong domain, broken signature, …).
"""

from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.x509.verification import (
    Criticality,
    ExtensionPolicy,
    PolicyBuilder,
    Store,
    VerificationError,
)

from pms.errors import Refused

from ..models import CACertificate
from .errors import refuse
from .parsing import fingerprint
from .rules import is_issued_by, names_itself_as_issuer


@dataclass(frozen=True)
class Anchor:
    """A trusted CA of the store with its parsed certificate."""

    row: CACertificate
    certificate: x509.Certificate


@dataclass(frozen=True)
class VerifiedChain:
    certificates: tuple[x509.Certificate, ...]  # leaf first, root last
    issuer: CACertificate  # the trust-store CA that signed the leaf


def trusted_anchors(domain: str) -> list[Anchor]:
    """The domain's active CAs whose own chain is intact: the only ones that take part in chain building."""
    rows = CACertificate.objects.filter(domain=domain, status=CACertificate.Status.ACTIVE,
                                        chain_deactivated=False)
    return [Anchor(row, x509.load_pem_x509_certificate(row.pem.encode("ascii"))) for row in rows]


def _require_key_cert_sign(policy, certificate, usage: x509.KeyUsage | None) -> None:
    if usage is not None and not usage.key_cert_sign:
        raise ValueError("keyUsage of a CA does not assert keyCertSign")


# Partner and CA certificates of identity platforms rarely follow the Web PKI profile (no SAN, no EKU), so
# the extension policies only ask what §3.1 asks of a CA; the end entity is checked by rules.py.
_CA_POLICY = (ExtensionPolicy.permit_all()
              .require_present(x509.BasicConstraints, Criticality.AGNOSTIC, None)
              .may_be_present(x509.KeyUsage, Criticality.AGNOSTIC, _require_key_cert_sign))
_LEAF_POLICY = ExtensionPolicy.permit_all()


def verify_chain(certificate: x509.Certificate, *, domain: str, now: datetime) -> VerifiedChain:
    """The path from `certificate` to an active root of `domain`, or a Refused with the reason."""
    anchors = trusted_anchors(domain)
    roots = [a.certificate for a in anchors if a.row.kind == CACertificate.Kind.ROOT]
    if not roots:
        raise refuse("no_root_ca", domain=domain)
    intermediates = [a.certificate for a in anchors if a.row.kind == CACertificate.Kind.INTERMEDIATE]
    verifier = (PolicyBuilder().store(Store(roots)).time(now)
                .extension_policies(ca_policy=_CA_POLICY, ee_policy=_LEAF_POLICY)
                .build_client_verifier())
    try:
        chain = verifier.verify(certificate, intermediates).chain
    except VerificationError:
        raise _diagnose(certificate, domain=domain, anchors=anchors) from None
    by_fingerprint = {a.row.fingerprint_sha256: a.row for a in anchors}
    return VerifiedChain(tuple(chain), by_fingerprint[fingerprint(chain[1])])


def _diagnose(certificate: x509.Certificate, *, domain: str, anchors: list[Anchor]) -> Refused:
    issuer_label = _label(certificate.issuer)
    candidates = [a.certificate for a in anchors if a.certificate.subject == certificate.issuer]
    if not candidates:
        if names_itself_as_issuer(certificate):
            return refuse("broken_signature", issuer=issuer_label)  # claims to be self-signed, but is not
        return _issuer_outside_store(certificate, domain=domain, issuer_label=issuer_label)
    signers = [c for c in candidates if is_issued_by(certificate, c)]
    if not signers:
        return refuse("broken_signature", issuer=issuer_label)
    if any(_is_ed25519(c) for c in (certificate, *signers)):
        return refuse("chain_algorithm_not_supported")
    return refuse("chain_invalid", domain=domain)


def _issuer_outside_store(certificate: x509.Certificate, *, domain: str, issuer_label: str) -> Refused:
    same_name = CACertificate.objects.filter(subject=certificate.issuer.rfc4514_string())
    if same_name.filter(domain=domain).exists():
        return refuse("issuer_deactivated", issuer=issuer_label)  # present, but not trusted any more
    other = same_name.filter(status=CACertificate.Status.ACTIVE).exclude(domain=domain).first()
    if other is not None:
        return refuse("wrong_domain", other=other.domain, domain=domain)
    return refuse("unknown_issuer", issuer=issuer_label, domain=domain)


def _is_ed25519(certificate: x509.Certificate) -> bool:
    return isinstance(certificate.public_key(), ed25519.Ed25519PublicKey)


def _label(name: x509.Name) -> str:
    return name.rfc4514_string() or "-"
