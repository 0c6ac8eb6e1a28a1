"""Uploading a bundle of CA certificates into the trust store (§3.1): PEM with several certificates, or
PKCS#7 (.p7b, PEM or DER).

Semantics: the file is all or nothing, the certificates are one by one.
- The whole file is refused, and nothing is added, when it cannot be read as a bundle: unknown format,
  too large, empty, more than `MAX_BUNDLE_CERTIFICATES`, a private key inside, or any certificate the
  library cannot parse (its place in a chain would be unknown). Every certificate is read before the
  first one is checked.
- Otherwise each certificate, root first, goes through exactly the checks of a single upload and is
  added, reported as already present, or refused with its own reason. A refusal does not undo the
  certificates added before it: each was accepted on its own merits, as it would be uploaded alone, and
  a certificate below a refused one is refused in turn because it cannot chain. Each addition is its
  own transaction with its audit event, so the trust store never holds a certificate the audit trail
  does not, and a concurrent upload of the same certificate is reported as already present.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

import audit.services as audit
from partners.models import Domain
from pms.errors import Refused

from ..engine import CertificateInfo, check_ca_certificate, describe, load_bundle, order_root_first, refuse
from ..models import CACertificate
from .recording import MODULE, record_refusal
from .trust_store import store_ca_certificate


@dataclass(frozen=True)
class BundleEntry:
    """One certificate of a bundle and what became of it."""

    ADDED, PRESENT, REFUSED = "added", "present", "refused"

    info: CertificateInfo
    outcome: str
    ca: CACertificate | None = None  # the trust-store row (added or already present)
    code: str = ""  # the refusal's code
    reason: str = ""  # the refusal's translated message

    @property
    def kind_label(self) -> str:
        return self.ca.get_kind_display() if self.ca is not None else ""


@dataclass(frozen=True)
class BundleReport:
    domain: str
    filename: str | None
    entries: list[BundleEntry] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for entry in self.entries if entry.outcome == outcome)

    @property
    def added(self) -> int:
        return self.count(BundleEntry.ADDED)

    @property
    def present(self) -> int:
        return self.count(BundleEntry.PRESENT)

    @property
    def refused(self) -> int:
        return self.count(BundleEntry.REFUSED)


def upload_ca_bundle(*, domain: str, data: bytes, filename: str | None, actor=None) -> BundleReport:
    """Add each CA certificate of a PEM or PKCS#7 bundle to `domain`'s trust store, root first (§3.1).

    A file that is not a readable bundle raises Refused and adds nothing; otherwise every certificate is
    reported (see the module's docstring for why certificates are added one by one).
    """
    try:
        if domain not in Domain.values:
            raise refuse("unknown_domain", field="domain")
        certificates = order_root_first(load_bundle(data, filename=filename))
    except Refused as refusal:
        record_refusal("ca_certificate_upload_refused", refusal, actor=actor,
                       details={"domain": domain, "filename": filename, "bundle": True})
        raise
    report = BundleReport(domain, filename, [_add(c, domain=domain, filename=filename, actor=actor)
                                             for c in certificates])
    audit.record(event="ca_bundle_uploaded", module=MODULE, actor=actor, details={
        "domain": domain, "filename": filename, "certificates": len(report.entries), "added": report.added,
        "already_present": report.present, "refused": report.refused})
    return report


def _add(certificate, *, domain: str, filename: str | None, actor) -> BundleEntry:
    info = describe(certificate)
    present = _active(domain, info.fingerprint_sha256)
    if present is not None:
        return BundleEntry(info, BundleEntry.PRESENT, ca=present)
    try:
        with transaction.atomic():
            validated = check_ca_certificate(certificate, domain=domain)
            ca = store_ca_certificate(validated, domain=domain, filename=filename, actor=actor)
    except IntegrityError:  # the same certificate was added at the same moment by someone else
        return BundleEntry(info, BundleEntry.PRESENT, ca=_active(domain, info.fingerprint_sha256))
    except Refused as refusal:
        record_refusal("ca_certificate_upload_refused", refusal, actor=actor, details={
            "domain": domain, "filename": filename, "subject": info.subject,
            "fingerprint": info.fingerprint_sha256})
        return BundleEntry(info, BundleEntry.REFUSED, code=refusal.code, reason=str(refusal.message))
    return BundleEntry(info, BundleEntry.ADDED, ca=ca)


def _active(domain: str, fingerprint: str) -> CACertificate | None:
    return CACertificate.objects.filter(domain=domain, fingerprint_sha256=fingerprint,
                                        status=CACertificate.Status.ACTIVE).first()
