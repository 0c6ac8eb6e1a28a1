"""Why the library refused a chain, certificate by certificate (issue: "when a chain fails, say why").

The library's error names neither the certificate nor the rule (it reports the last candidate it tried).
Diagnosis never accepts anything: it looks at the certificate's issuer in the store, follows the parent
links the library itself established when each CA was uploaded, checks each CA of that path (validity,
CA-ness, path length, name constraints, algorithms), and finally asks the library about each CA on its own
to find the one it refuses.
"""

from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ed25519
from django.utils.formats import date_format

from pms.errors import Refused

from ..models import CACertificate
from .errors import refuse
from .library import MAX_CHAIN_DEPTH, Anchor, library_path
from .paths import check_path_length, display_name
from .rules import extension, is_ca, is_issued_by, may_sign_certificates, names_itself_as_issuer


def diagnose(certificate: x509.Certificate, *, domain: str, anchors: list[Anchor], now: datetime,
             hint: str) -> Refused:
    """The refusal that explains why `certificate` does not chain to a trusted root of `domain`."""
    issuer_label = _label(certificate.issuer)
    candidates = [a for a in anchors if a.certificate.subject == certificate.issuer]
    if not candidates:
        if names_itself_as_issuer(certificate):
            return refuse("broken_signature", issuer=issuer_label)  # claims to be self-signed, but is not
        return _issuer_outside_store(certificate, domain=domain, issuer_label=issuer_label)
    signers = [a for a in candidates if is_issued_by(certificate, a.certificate)]
    if not signers:
        return refuse("broken_signature", issuer=issuer_label)
    if any(_is_ed25519(c) for c in (certificate, *(s.certificate for s in signers))):
        return refuse("chain_algorithm_not_supported")
    path = _stored_path(signers[0], anchors)
    return (_member_problem(path, now) or _path_problem(certificate, path, hint)
            or _refused_member(path, anchors, now) or refuse("profile_invalid"))


def _issuer_outside_store(certificate: x509.Certificate, *, domain: str, issuer_label: str) -> Refused:
    same_name = CACertificate.objects.filter(subject=certificate.issuer.rfc4514_string())
    if same_name.filter(domain=domain).exists():
        return refuse("issuer_deactivated", issuer=issuer_label)  # present, but not trusted any more
    other = same_name.filter(status=CACertificate.Status.ACTIVE).exclude(domain=domain).first()
    if other is not None:
        return refuse("wrong_domain", other=other.domain, domain=domain)
    return refuse("unknown_issuer", issuer=issuer_label, domain=domain)


def _stored_path(signer: Anchor, anchors: list[Anchor]) -> list[x509.Certificate]:
    """The signer and the CAs above it, by the parent links stored at upload (the library built them)."""
    by_pk = {anchor.row.pk: anchor for anchor in anchors}
    path, current = [], signer
    while current is not None and current.certificate not in path:
        path.append(current.certificate)
        current = by_pk.get(current.row.parent_id)
    return path


def _member_problem(path: list[x509.Certificate], now: datetime) -> Refused | None:
    for member in path:
        name = display_name(member)
        if now < member.not_valid_before_utc:
            return refuse("chain_ca_not_yet_valid", name=name, date=_date(member.not_valid_before_utc))
        if now > member.not_valid_after_utc:
            return refuse("chain_ca_expired", name=name, date=_date(member.not_valid_after_utc))
        if not (is_ca(member) and may_sign_certificates(member)):
            return refuse("chain_ca_not_ca", name=name)
        if _is_ed25519(member):
            return refuse("chain_algorithm_not_supported")
    return None


def _path_problem(certificate: x509.Certificate, path: list[x509.Certificate], hint: str) -> Refused | None:
    try:
        check_path_length([certificate, *path])
    except Refused as refusal:
        return refusal
    if len(path) - 1 > MAX_CHAIN_DEPTH:
        return refuse("chain_too_long", depth=MAX_CHAIN_DEPTH)
    constrained = [m for m in path if extension(m, x509.NameConstraints) is not None]
    if constrained and "name constraint" in hint:
        return refuse("name_constraint_violated", name=display_name(constrained[0]))
    return None


def _refused_member(path: list[x509.Certificate], anchors: list[Anchor], now: datetime) -> Refused | None:
    """The CA of the path, from the root down, that the library refuses on its own."""
    roots = [a.certificate for a in anchors if a.row.kind == CACertificate.Kind.ROOT]
    intermediates = [a.certificate for a in anchors if a.row.kind == CACertificate.Kind.INTERMEDIATE]
    for member in reversed(path):
        store = [member] if member == path[-1] and member in roots else roots
        chain, _reason = library_path(member, store, intermediates, now=now, ca=True)
        if chain is None:
            return refuse("chain_ca_refused", name=display_name(member))
    return None


def _is_ed25519(certificate: x509.Certificate) -> bool:
    return isinstance(certificate.public_key(), ed25519.Ed25519PublicKey)


def _label(name: x509.Name) -> str:
    return name.rfc4514_string() or "-"


def _date(value: datetime) -> str:
    return date_format(value, "DATE_FORMAT")
