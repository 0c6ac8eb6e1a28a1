"""SBIs of device providers: registration with the date rules, the admin's decision, deactivation with the
cascade to their devices, and the scheduler's deactivation of expired SBIs (PRODUCT.md §7)."""

import re
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pms.errors import Refused

from ..models import DeactivationReason, Device, Sbi, portal_today
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
)

MAX_YEARS = 10
_HASH = re.compile(r"[A-Za-z0-9+/=_:.\-]{1,256}")


def years_from(day: date, years: int) -> date:
    """The same calendar day `years` later (or earlier); 29 February becomes 28 February when needed."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def register_sbi(*, provider, version: str, binary_hash: str, creation_date: date, expiry_date: date,
                 actor) -> Sbi:
    """Submit an SBI for approval; its version is unique for the provider and its dates follow §7."""
    check_provider(provider, "sbi")
    version = clean_text(version, max_length=64, field="version",
                         message=_("Enter the SBI version (at most 64 characters)."))
    binary_hash = str(binary_hash or "").strip()
    if not _HASH.fullmatch(binary_hash):
        raise Refused("binary_hash_invalid", _("Enter the binary hash of the SBI: at most 256 letters, digits or "
                                               "the characters + / = _ : . -, without spaces."),
                      field="binary_hash")
    check_dates(creation_date, expiry_date)
    taken = Refused("version_taken", _("You have already registered the SBI version %(version)s.") % {
        "version": version}, field="version")
    if Sbi.objects.filter(provider=provider, version__iexact=version).exclude(status=Sbi.Status.REJECTED).exists():
        raise taken
    try:
        with transaction.atomic():
            sbi = Sbi.objects.create(provider=provider, version=version, binary_hash=binary_hash,
                                     creation_date=creation_date, expiry_date=expiry_date, submitted_by=actor)
            record("sbi_registered", actor=actor, reference=sbi, details=_details(sbi))
    except IntegrityError:
        raise taken from None  # a concurrent submission took the version between the check and the insert
    return sbi


def check_dates(creation_date: date, expiry_date: date) -> None:
    """§7: created not in the future nor more than 10 years ago; expiring after creation, after today and
    at most 10 years from today. Days are counted in the portal's time zone."""
    today = portal_today()
    earliest, latest = years_from(today, -MAX_YEARS), years_from(today, MAX_YEARS)
    checks = [
        (creation_date > today, "creation_in_future", "creation_date",
         _("The creation date cannot be in the future.")),
        (creation_date < earliest, "creation_too_old", "creation_date",
         _("The creation date cannot be more than 10 years ago (%(date)s at the earliest).") % {
             "date": date_format(earliest)}),
        (expiry_date <= creation_date, "expiry_before_creation", "expiry_date",
         _("The expiry date must be after the creation date.")),
        (expiry_date <= today, "expiry_not_after_today", "expiry_date",
         _("The expiry date must be after today.")),
        (expiry_date > latest, "expiry_too_far", "expiry_date",
         _("The expiry date can be at most 10 years from today (%(date)s at the latest).") % {
             "date": date_format(latest)}),
    ]
    for failed, code, field, message in checks:
        if failed:
            raise Refused(code, message, field=field)


def approve_sbi(*, sbi: Sbi, actor, note: str = "") -> Sbi:
    """Approve a pending SBI that has not expired; the provider can then add devices under it (§7)."""
    note = clean_note(note)
    with transaction.atomic():
        lock(sbi)
        _check_pending(sbi)
        if not sbi.provider.is_active:
            raise Refused("provider_inactive", _("This provider is deactivated; its SBIs cannot be approved."))
        if sbi.is_expired:
            raise Refused("sbi_expired", _("This SBI expired on %(date)s: reject it.") % {
                "date": date_format(sbi.expiry_date)})
        decide(sbi, Sbi.Status.APPROVED, actor, note)
        record("sbi_approved", actor=actor, reference=sbi, details={**_details(sbi), "note": note})
    return sbi


def reject_sbi(*, sbi: Sbi, actor, reason: str) -> Sbi:
    """Reject a pending SBI with a reason the provider sees (§7)."""
    reason = clean_reason(reason)
    with transaction.atomic():
        lock(sbi)
        _check_pending(sbi)
        decide(sbi, Sbi.Status.REJECTED, actor, reason)
        record("sbi_rejected", actor=actor, reference=sbi, details={**_details(sbi), "reason": reason})
    return sbi


@dataclass(frozen=True)
class Cascade:
    """What deactivating an SBI does to its devices."""

    deactivated: int  # approved devices, deactivated
    rejected: int  # pending devices, rejected


def cascade_preview(sbi: Sbi) -> Cascade:
    statuses = list(sbi.devices.values_list("status", flat=True))
    return Cascade(statuses.count(Device.Status.APPROVED), statuses.count(Device.Status.PENDING))


def deactivate_sbi(*, sbi: Sbi, actor, note: str = "", reason: str = "") -> Cascade:
    """Deactivate a pending or approved SBI: its approved devices are deactivated, its pending ones rejected.

    The provider or a partner admin does it (§7); irreversible.
    """
    note = clean_note(note)
    with transaction.atomic():
        lock(sbi)
        if not sbi.is_open:
            raise Refused("sbi_not_open", _("This SBI is already %(status)s.") % {
                "status": sbi.get_status_display().lower()})
        reason = reason or deactivation_reason(actor, sbi.provider)
        cascade = _end_sbi(sbi, actor=actor, reason=reason, note=note)
    return cascade


def _end_sbi(sbi: Sbi, *, actor, reason: str, note: str = "", now=None) -> Cascade:
    """Deactivate (or, still pending at expiry, reject) a locked SBI and end its open devices, all audited."""
    was_pending = sbi.status == Sbi.Status.PENDING
    ended = Sbi.Status.REJECTED if was_pending and reason == DeactivationReason.EXPIRED else Sbi.Status.DEACTIVATED
    end(sbi, ended, actor=actor, reason=reason, note=note, now=now)
    counts = {Device.Status.DEACTIVATED: 0, Device.Status.REJECTED: 0}
    for device in sbi.devices.select_for_update().filter(status__in=Device.OPEN_STATUSES).order_by("pk"):
        status = Device.Status.DEACTIVATED if device.status == Device.Status.APPROVED else Device.Status.REJECTED
        end(device, status, actor=actor, reason=DeactivationReason.SBI_DEACTIVATED, now=now)
        counts[status] += 1
        record(f"device_{status}", actor=actor, reference=device, details={
            "make": device.make, "model": device.model, "sbi": str(sbi.code), "cause": "sbi_deactivated"})
    cascade = Cascade(counts[Device.Status.DEACTIVATED], counts[Device.Status.REJECTED])
    event = {DeactivationReason.EXPIRED: "sbi_expired"}.get(reason, "sbi_deactivated")
    record(event, actor=actor, reference=sbi, details={
        **_details(sbi), "status": ended, "reason": reason, "note": note,
        "devices_deactivated": cascade.deactivated, "devices_rejected": cascade.rejected})
    return cascade


def deactivate_expired_sbis(*, now=None, dry_run: bool = False) -> int:
    """The scheduler's job: every pending or approved SBI past its expiry date ends, with its devices (§7).

    Approved ones are deactivated, pending ones rejected. Each SBI is claimed under a row lock and
    re-checked, so a second run, or a second worker, changes nothing. Returns how many SBIs (would) end.
    """
    today = portal_today(now)
    expired = Sbi.objects.filter(status__in=Sbi.OPEN_STATUSES, expiry_date__lt=today)
    if dry_run:
        return expired.count()
    done = 0
    for pk in list(expired.values_list("pk", flat=True)):
        with transaction.atomic():
            sbi = Sbi.objects.select_for_update(of=("self",)).select_related("provider").filter(
                pk=pk, status__in=Sbi.OPEN_STATUSES, expiry_date__lt=today).first()
            if sbi is not None:
                _end_sbi(sbi, actor=None, reason=DeactivationReason.EXPIRED, now=now)
                done += 1
    return done


def _check_pending(sbi: Sbi) -> None:
    if sbi.status != Sbi.Status.PENDING:
        raise Refused("sbi_not_pending", _("This SBI is no longer pending approval: it is %(status)s.") % {
            "status": sbi.get_status_display().lower()})


def _details(sbi: Sbi) -> dict:
    return {"provider": sbi.provider.partner_id, "version": sbi.version, "binary_hash": sbi.binary_hash,
            "creation_date": sbi.creation_date, "expiry_date": sbi.expiry_date}
