"""Every state change of partner certificates (§3.3): upload, re-upload with history, platform-signed copy."""

from django.db import transaction
from django.utils import timezone

import audit.services as audit
from partners.models import Partner
from pms.errors import Refused

from ..engine import ValidatedCertificate, describe, refuse, validate_end_entity
from ..models import PartnerCertificate, PlatformSignedCertificate
from .portal_ca import issue_platform_signed
from .recording import MODULE, record_refusal, user_or_none


def upload_partner_certificate(*, partner: Partner, data: bytes, filename: str | None,
                               actor=None) -> PartnerCertificate:
    """Make a CA-signed certificate the partner's current one and issue its platform-signed copy (§3.3).

    The previous certificate stays in the history; a refused upload changes nothing (and is audited).
    """
    try:
        if not partner.is_active:
            raise refuse("partner_inactive")
        validated = validate_end_entity(data, domain=partner.domain, organization=partner.organization_name,
                                        filename=filename)
        with transaction.atomic():
            certificate = _replace_current(partner=partner, validated=validated, actor=actor)
    except Refused as refusal:
        record_refusal("partner_certificate_upload_refused", refusal, actor=actor, details={
            "partner_id": partner.partner_id, "filename": filename})
        raise
    return certificate


def _replace_current(*, partner: Partner, validated: ValidatedCertificate, actor) -> PartnerCertificate:
    Partner.objects.select_for_update().filter(pk=partner.pk).first()  # one upload per partner at a time
    previous = PartnerCertificate.objects.filter(partner=partner,
                                                 status=PartnerCertificate.Status.CURRENT).first()
    if previous is not None and previous.fingerprint_sha256 == validated.info.fingerprint_sha256:
        raise refuse("already_current")
    if previous is not None:
        previous.status, previous.replaced_at = PartnerCertificate.Status.REPLACED, timezone.now()
        previous.save(update_fields=["status", "replaced_at"])
    certificate = PartnerCertificate.objects.create(
        partner=partner, domain=partner.domain, issuer_ca=validated.issuer, uploaded_by=user_or_none(actor),
        **validated.info.as_fields())
    issued = issue_platform_signed(validated.certificate, actor=actor)
    signed = PlatformSignedCertificate.objects.create(
        partner_certificate=certificate, signed_by=issued.signed_by,
        **describe(issued.certificate).as_fields())
    details = {
        "partner_id": partner.partner_id, "subject": certificate.subject,
        "fingerprint": certificate.fingerprint_sha256, "not_after": certificate.not_after,
        "replaced": str(previous.code) if previous else None,
        "platform_signed_serial": signed.serial_number, "platform_signed_not_after": signed.not_after,
    }
    audit.record(event="partner_certificate_uploaded", module=MODULE, actor=actor, reference=certificate,
                 details=details)
    return certificate
