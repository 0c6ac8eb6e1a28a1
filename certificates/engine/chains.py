"""Chain building against one domain's trust store with `cryptography.x509.verification` (§3.4).

The library builds and checks the path (library.py holds its policies); paths.py applies RFC 5280's
path length count, and when the library refuses, diagnosis.py says which certificate failed and why.
"""

from dataclasses import dataclass
from datetime import datetime

from cryptography import x509

from ..models import CACertificate
from .diagnosis import diagnose
from .errors import refuse
from .library import Anchor, library_path
from .parsing import fingerprint
from .paths import check_path_length
from .rules import is_issued_by, names_itself_as_issuer


@dataclass(frozen=True)
class VerifiedChain:
    certificates: tuple[x509.Certificate, ...]  # leaf first, root last
    issuer: CACertificate  # the trust-store CA that signed the leaf


def trusted_anchors(domain: str) -> list[Anchor]:
    """The domain's active CAs whose own chain is intact: the only ones that take part in chain building."""
    rows = CACertificate.objects.filter(domain=domain, status=CACertificate.Status.ACTIVE,
                                        chain_deactivated=False)
    return [Anchor(row, x509.load_pem_x509_certificate(row.pem.encode("ascii"))) for row in rows]



def has_signer_in_store(certificate: x509.Certificate, *, domain: str) -> bool:
    """True when a trusted CA of `domain` named like the certificate's issuer verifies its signature."""
    return any(anchor.certificate.subject == certificate.issuer and is_issued_by(certificate, anchor.certificate)
               for anchor in trusted_anchors(domain))


def verify_chain(certificate: x509.Certificate, *, domain: str, now: datetime,
                 ca: bool = False) -> VerifiedChain:
    """The path from `certificate` to an active root of `domain`, or a Refused with the reason.

    `ca` says the certificate is itself a CA (an intermediate uploaded to the trust store), so the CA
    extension policy applies to it.
    """
    anchors = trusted_anchors(domain)
    if not any(anchor.row.kind == CACertificate.Kind.ROOT for anchor in anchors):
        raise refuse("no_root_ca", domain=domain)
    chain, reason = _build(certificate, anchors, now=now, ca=ca)
    if chain is None:
        raise diagnose(certificate, domain=domain, anchors=anchors, now=now, hint=reason)
    check_path_length(chain)
    by_fingerprint = {anchor.row.fingerprint_sha256: anchor.row for anchor in anchors}
    return VerifiedChain(tuple(chain), by_fingerprint[fingerprint(chain[1])])


def _build(certificate, anchors: list[Anchor], *, now: datetime, ca: bool):
    roots = [a.certificate for a in anchors if a.row.kind == CACertificate.Kind.ROOT]
    intermediates = [a.certificate for a in anchors if a.row.kind == CACertificate.Kind.INTERMEDIATE]
    chain, reason = library_path(certificate, roots, intermediates, now=now, ca=ca)
    if chain is None:
        chain = _through_rollover(certificate, anchors, now=now, ca=ca)
    return chain, reason


def _through_rollover(certificate, anchors: list[Anchor], *, now: datetime, ca: bool):
    """The path joined at a self-issued intermediate (key rollover), so that paths.py counts it as RFC 5280
    does. The library checks each part; name constraints above the joint would not reach the names below
    it, so such a path is not joined (the upload is refused as before)."""
    rollovers = [a for a in anchors
                 if a.row.kind == CACertificate.Kind.INTERMEDIATE and names_itself_as_issuer(a.certificate)]
    if not rollovers:
        return None
    roots = [a.certificate for a in anchors if a.row.kind == CACertificate.Kind.ROOT or a in rollovers]
    others = [a.certificate for a in anchors if a.row.kind == CACertificate.Kind.INTERMEDIATE
              and a not in rollovers]
    lower, _reason = library_path(certificate, roots, others, now=now, ca=ca)
    joint = next((a for a in rollovers if lower is not None and a.certificate == lower[-1]), None)
    if joint is None:
        return lower
    upper, _reason = _build(joint.certificate, [a for a in anchors if a is not joint], now=now, ca=True)
    if upper is None or any(_has_name_constraints(c) for c in upper[1:]):
        return None
    return lower[:-1] + upper


def _has_name_constraints(certificate: x509.Certificate) -> bool:
    return any(e.oid == x509.ExtensionOID.NAME_CONSTRAINTS for e in certificate.extensions)
