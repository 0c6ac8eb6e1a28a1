"""Every state change of the trust store (§3.1): upload and deactivation of CA certificates."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

import audit.services as audit
from pms.errors import Refused

from ..engine import ValidatedCertificate, refuse, validate_ca_certificate
from ..models import CACertificate, PartnerCertificate
from ..selectors import ca_descendants
from .recording import MODULE, record_refusal, user_or_none


def upload_ca_certificate(*, domain: str, data: bytes, filename: str | None, actor=None) -> CACertificate:
    """Add a root or intermediate CA to `domain`'s trust store after every check of §3.1.

    Accepted and refused uploads are both audited; a refusal carries its reason code.
    """
    try:
        validated = validate_ca_certificate(data, domain=domain, filename=filename)
        with transaction.atomic():
            ca = store_ca_certificate(validated, domain=domain, filename=filename, actor=actor)
    except IntegrityError:  # the same certificate was uploaded at the same moment by someone else
        refusal = refuse("duplicate", domain=domain)
        record_refusal("ca_certificate_upload_refused", refusal, actor=actor,
                        details={"domain": domain, "filename": filename})
        raise refusal from None
    except Refused as refusal:
        record_refusal("ca_certificate_upload_refused", refusal, actor=actor,
                        details={"domain": domain, "filename": filename})
        raise
    return ca


def store_ca_certificate(validated: ValidatedCertificate, *, domain: str, filename: str | None,
                         actor) -> CACertificate:
    """The row of a validated CA certificate and its audit event; the caller holds the transaction."""
    ca = CACertificate.objects.create(domain=domain, kind=validated.kind, parent=validated.issuer,
                                      uploaded_by=user_or_none(actor), **validated.info.as_fields())
    audit.record(event="ca_certificate_uploaded", module=MODULE, actor=actor, reference=ca, details={
        "domain": domain, "kind": ca.kind, "subject": ca.subject, "fingerprint": ca.fingerprint_sha256,
        "not_after": ca.not_after, "filename": filename})
    return ca


def deactivate_ca_certificate(*, ca: CACertificate, actor) -> CACertificate:
    """Stop trusting a CA. Certificates that chain through it stay stored and are flagged (§3.1)."""
    with transaction.atomic():
        ca = CACertificate.objects.select_for_update().get(pk=ca.pk)
        if not ca.is_active:
            raise Refused("already_deactivated", gettext("This CA certificate is already deactivated."))
        ca.status, ca.deactivated_at, ca.deactivated_by = (
            CACertificate.Status.DEACTIVATED, timezone.now(), user_or_none(actor))
        ca.save(update_fields=["status", "deactivated_at", "deactivated_by"])
        below = ca_descendants(ca)
        flagged_cas = CACertificate.objects.filter(pk__in=below).update(chain_deactivated=True)
        flagged_partners = (PartnerCertificate.objects.filter(issuer_ca_id__in=[ca.pk, *below])
                            .update(chain_deactivated=True))
        audit.record(event="ca_certificate_deactivated", module=MODULE, actor=actor, reference=ca, details={
            "domain": ca.domain, "kind": ca.kind, "subject": ca.subject, "fingerprint": ca.fingerprint_sha256,
            "flagged_ca_certificates": flagged_cas, "flagged_partner_certificates": flagged_partners})
    return ca
