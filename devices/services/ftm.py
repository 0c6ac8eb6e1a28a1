"""FTM chips: registration, their certificates through the certificates engine under the FTM domain with a
platform-signed copy, the admin's decision and deactivation (PRODUCT.md §7)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.engine import describe
from certificates.services import ValidatedCertificate, issue_platform_signed, validate_end_entity
from partners.models import Domain
from pms.errors import Refused

from ..models import FtmChip, FtmChipCertificate, FtmChipSignedCertificate
from .common import (
    check_provider,
    clean_note,
    clean_reason,
    clean_text,
    deactivation_reason,
    decide,
    end,
    lock,
    record,
    record_refusal,
    user_or_none,
)


def create_chip(*, provider, make: str, model: str, actor) -> FtmChip:
    """Register a chip, pending its certificate; make and model are unique among the provider's open chips."""
    check_provider(provider, "ftm")
    make = clean_text(make, max_length=36, field="make", message=_("Enter the make (at most 36 characters)."))
    model = clean_text(model, max_length=36, field="model", message=_("Enter the model (at most 36 characters)."))
    try:
        with transaction.atomic():
            _check_unique(provider, make, model)
            chip = FtmChip.objects.create(provider=provider, make=make, model=model, created_by=actor)
            record("ftm_chip_created", actor=actor, reference=chip, details=_details(chip))
    except IntegrityError:  # a concurrent request registered the same chip since the check
        _check_unique(provider, make, model)
        raise
    return chip


def _check_unique(provider, make: str, model: str) -> None:
    other = FtmChip.objects.filter(provider=provider, make__iexact=make, model__iexact=model,
                                   status__in=FtmChip.OPEN_STATUSES).first()
    if other is not None:
        raise Refused("make_model_taken", _("You already have the FTM chip %(make)s %(model)s (%(status)s). "
                                            "Deactivate it before registering it again.") % {
            "make": other.make, "model": other.model, "status": other.get_status_display().lower()},
            field="model")


def upload_chip_certificate(*, chip: FtmChip, data: bytes, filename: str | None, actor) -> FtmChipCertificate:
    """Check the chip's certificate as in §3.3 under the FTM domain (O = the provider's organization), make it
    the chip's current one with its platform-signed copy, and send the chip to approval again (§7).

    The previous certificate stays in the history; a refused upload changes nothing and is audited.
    """
    try:
        if not chip.accepts_certificate:
            raise Refused("chip_closed", _("This FTM chip is %(status)s: its certificate cannot be changed.") % {
                "status": chip.get_status_display().lower()}, field="certificate")
        check_provider(chip.provider, "ftm")
        validated = validate_end_entity(data, domain=Domain.FTM, organization=chip.provider.organization_name,
                                        filename=filename)
        with transaction.atomic():
            certificate = _replace_current(chip=chip, validated=validated, actor=actor)
    except Refused as refusal:
        record_refusal("ftm_chip_certificate_upload_refused", refusal, actor=actor, details={
            "chip": str(chip.code), "provider": chip.provider.partner_id, "filename": filename})
        raise
    return certificate


def _replace_current(*, chip: FtmChip, validated: ValidatedCertificate, actor) -> FtmChipCertificate:
    lock(chip)
    if not chip.accepts_certificate:
        raise Refused("chip_closed", _("This FTM chip is %(status)s: its certificate cannot be changed.") % {
            "status": chip.get_status_display().lower()}, field="certificate")
    fingerprint = validated.info.fingerprint_sha256
    _check_fingerprint_free(chip, fingerprint)
    previous = FtmChipCertificate.objects.filter(chip=chip, status=FtmChipCertificate.Status.CURRENT).first()
    if previous is not None:
        previous.status, previous.replaced_at = FtmChipCertificate.Status.REPLACED, timezone.now()
        previous.save(update_fields=["status", "replaced_at"])
    certificate = FtmChipCertificate.objects.create(chip=chip, issuer_ca=validated.issuer,
                                                    uploaded_by=user_or_none(actor), **validated.info.as_fields())
    issued = issue_platform_signed(validated.certificate, actor=actor)
    signed = FtmChipSignedCertificate.objects.create(chip_certificate=certificate, signed_by=issued.signed_by,
                                                     **describe(issued.certificate).as_fields())
    was = chip.status
    chip.status = FtmChip.Status.PENDING_APPROVAL  # a re-upload sends an approved chip back to approval
    chip.save(update_fields=["status"])
    record("ftm_chip_certificate_uploaded", actor=actor, reference=certificate, details={
        **_details(chip), "subject": certificate.subject, "fingerprint": fingerprint,
        "not_after": certificate.not_after, "replaced": str(previous.code) if previous else None,
        "platform_signed_serial": signed.serial_number, "status_before": was, "status": chip.status})
    return certificate


def _check_fingerprint_free(chip: FtmChip, fingerprint: str) -> None:
    current = FtmChipCertificate.objects.select_related("chip").filter(
        fingerprint_sha256=fingerprint, status=FtmChipCertificate.Status.CURRENT,
        chip__status__in=FtmChip.OPEN_STATUSES, chip__provider=chip.provider).first()
    if current is None:
        return
    if current.chip_id == chip.pk:
        raise Refused("already_current", _("This certificate is already the chip's current certificate."),
                      field="certificate")
    raise Refused("certificate_in_use", _("This certificate is already the certificate of your FTM chip "
                                          "%(make)s %(model)s.") % {"make": current.chip.make,
                                                                    "model": current.chip.model},
                  field="certificate")


def approve_chip(*, chip: FtmChip, actor, note: str = "") -> FtmChip:
    """Approve a chip pending approval; a chip without a valid certificate cannot be approved (§7)."""
    note = clean_note(note)
    with transaction.atomic():
        lock(chip)
        if chip.status == FtmChip.Status.PENDING_CERTIFICATE:
            raise Refused("no_certificate", _("This FTM chip has no certificate yet: it cannot be approved "
                                              "until its provider uploads one."))
        _check_pending(chip)
        current = (FtmChipCertificate.objects.select_related("issuer_ca")
                   .filter(chip=chip, status=FtmChipCertificate.Status.CURRENT).first())
        if current is None or not current.is_valid_now:
            raise Refused("certificate_not_valid", _("The chip's certificate is no longer valid: reject the chip "
                                                     "or wait for a new certificate."))
        if not current.issuer_ca.is_trusted:
            raise Refused("certificate_untrusted", _("The CA that issued the chip's certificate is no longer "
                                                     "trusted (it or a CA above it was deactivated in the trust "
                                                     "store): reject the chip or wait for a new certificate."))
        if not chip.provider.is_active:
            raise Refused("provider_inactive", _("This provider is deactivated; its chips cannot be approved."))
        decide(chip, FtmChip.Status.APPROVED, actor, note)
        record("ftm_chip_approved", actor=actor, reference=chip, details={
            **_details(chip), "note": note, "certificate": current.fingerprint_sha256,
            "certificate_not_after": current.not_after})
    return chip


def reject_chip(*, chip: FtmChip, actor, reason: str) -> FtmChip:
    reason = clean_reason(reason)
    with transaction.atomic():
        lock(chip)
        _check_pending(chip)
        decide(chip, FtmChip.Status.REJECTED, actor, reason)
        record("ftm_chip_rejected", actor=actor, reference=chip, details={**_details(chip), "reason": reason})
    return chip


def deactivate_chip(*, chip: FtmChip, actor, note: str = "") -> FtmChip:
    """End a chip that is not rejected or deactivated yet, by its provider or a partner admin (§7)."""
    note = clean_note(note)
    with transaction.atomic():
        lock(chip)
        if not chip.is_open:
            raise Refused("chip_not_open", _("This FTM chip is already %(status)s.") % {
                "status": chip.get_status_display().lower()})
        reason = deactivation_reason(actor, chip.provider)
        end(chip, FtmChip.Status.DEACTIVATED, actor=actor, reason=reason, note=note)
        record("ftm_chip_deactivated", actor=actor, reference=chip, details={
            **_details(chip), "reason": reason, "note": note})
    return chip


def _check_pending(chip: FtmChip) -> None:
    if chip.status != FtmChip.Status.PENDING_APPROVAL:
        raise Refused("chip_not_pending", _("This FTM chip is not pending approval: it is %(status)s.") % {
            "status": chip.get_status_display().lower()})


def _details(chip: FtmChip) -> dict:
    return {"provider": chip.provider.partner_id, "make": chip.make, "model": chip.model}
