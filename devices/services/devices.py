"""Devices under an approved SBI: several in one submission, the admin's decision, deactivation (§7)."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pms.errors import Refused

from ..models import SUBTYPES, Device, DeviceSubtype, DeviceType, Sbi
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

MAX_DEVICES_PER_SUBMISSION = 25


@dataclass(frozen=True)
class DeviceRow:
    device_type: str
    device_subtype: str
    make: str
    model: str


class RowsRefused(Refused):
    """Some rows of a multi-device submission are refused; `problems` holds (row index, field, message)."""

    def __init__(self, problems: list[tuple[int, str, str]]):
        super().__init__("rows_refused", _("No device was added: correct the rows marked below and submit again."))
        self.problems = problems


def clean_row(row: DeviceRow) -> DeviceRow:
    """One row's type, subtype (one of its type's, §7), make and model (at most 36 characters each)."""
    if row.device_type not in DeviceType.values:
        raise Refused("device_type_invalid", _("Choose the device type: Finger, Iris or Face."), field="device_type")
    device_type = DeviceType(row.device_type)
    allowed = SUBTYPES[device_type]
    if row.device_subtype not in allowed:
        raise Refused("subtype_of_other_type", _(
            "“%(subtype)s” is not a subtype of %(type)s devices; choose one of: %(allowed)s.") % {
                "subtype": _label(DeviceSubtype, row.device_subtype), "type": device_type.label,
                "allowed": ", ".join(str(s.label) for s in allowed)}, field="device_subtype")
    make = clean_text(row.make, max_length=36, field="make", message=_("Enter the make (at most 36 characters)."))
    model = clean_text(row.model, max_length=36, field="model",
                       message=_("Enter the model (at most 36 characters)."))
    return DeviceRow(device_type, row.device_subtype, make, model)


def add_devices(*, sbi: Sbi, rows: list[DeviceRow], actor) -> list[Device]:
    """Submit up to 25 devices under an approved, unexpired SBI; each becomes pending approval (§7).

    All or nothing: a make and model already pending or approved for the provider (or twice in the
    submission) refuses the submission, naming the conflicting device.
    """
    provider = sbi.provider
    check_provider(provider, "sbi")
    if not rows:
        raise Refused("no_devices", _("Fill in at least one device."))
    if len(rows) > MAX_DEVICES_PER_SUBMISSION:
        raise Refused("too_many_devices", _("You can add at most %(count)s devices in one submission.") % {
            "count": MAX_DEVICES_PER_SUBMISSION})
    with transaction.atomic():
        lock(sbi)
        _check_accepts_devices(sbi)
        cleaned = _clean_rows(rows, provider)
        try:
            with transaction.atomic():
                devices = [_create(sbi, row, actor) for row in cleaned]
        except IntegrityError:  # a concurrent submission registered one of them since the check
            raise Refused("make_model_taken", _("One of these devices was registered meanwhile. Submit again "
                                                "to see which one.")) from None
    return devices


def _clean_rows(rows: list[DeviceRow], provider) -> list[DeviceRow]:
    problems, cleaned, seen = [], [], {}
    for index, row in enumerate(rows):
        try:
            row = clean_row(row)
        except Refused as refusal:
            problems.append((index, refusal.field, refusal.message))
            continue
        key = (row.make.casefold(), row.model.casefold())
        if key in seen:
            problems.append((index, "model", _("This make and model is already in row %(row)s.") % {
                "row": seen[key] + 1}))
            continue
        seen[key] = index
        cleaned.append((index, row))
    problems += _conflicts(cleaned, provider)
    if problems:
        raise RowsRefused(sorted(problems, key=lambda problem: problem[0]))
    return [row for _index, row in cleaned]


def _conflicts(rows: list[tuple[int, DeviceRow]], provider) -> list[tuple[int, str, str]]:
    """Rows whose make and model is already pending or approved for the provider, naming that device."""
    if not rows:
        return []
    match = Q()
    for _index, row in rows:
        match |= Q(make__iexact=row.make, model__iexact=row.model)
    existing = {(d.make.casefold(), d.model.casefold()): d for d in Device.objects.select_related("sbi").filter(
        match, provider=provider, status__in=Device.OPEN_STATUSES)}
    problems = []
    for index, row in rows:
        device = existing.get((row.make.casefold(), row.model.casefold()))
        if device is not None:
            problems.append((index, "model", conflict_message(device)))
    return problems


def conflict_message(device: Device) -> str:
    values = {"make": device.make, "model": device.model, "type": device.get_device_type_display(),
              "subtype": device.get_device_subtype_display(), "version": device.sbi.version if device.sbi else "—"}
    if device.status == Device.Status.APPROVED:
        return _("%(make)s %(model)s is already approved for your organization: the %(type)s device "
                 "(%(subtype)s) of SBI %(version)s.") % values
    return _("%(make)s %(model)s is already pending approval for your organization: the %(type)s device "
             "(%(subtype)s) of SBI %(version)s.") % values


def _create(sbi: Sbi, row: DeviceRow, actor) -> Device:
    device = Device.objects.create(provider=sbi.provider, sbi=sbi, device_type=row.device_type,
                                   device_subtype=row.device_subtype, make=row.make, model=row.model,
                                   submitted_by=actor)
    record("device_added", actor=actor, reference=device, details=_details(device))
    return device


def _check_accepts_devices(sbi: Sbi) -> None:
    if sbi.status != Sbi.Status.APPROVED:
        raise Refused("sbi_not_approved", _("Devices can be added only to an approved SBI; this one is "
                                            "%(status)s.") % {"status": sbi.get_status_display().lower()})
    if sbi.is_expired:
        raise Refused("sbi_expired", _("This SBI expired on %(date)s: devices can no longer be added to it.") % {
            "date": date_format(sbi.expiry_date)})


def approve_device(*, device: Device, actor, note: str = "") -> Device:
    """Approve a pending device whose SBI is approved and unexpired; an orphan can only be rejected (§7)."""
    note = clean_note(note)
    with transaction.atomic():
        lock(device)
        _check_pending(device)
        if device.is_orphan:
            raise Refused("orphan_device", _("This device's SBI is gone or deactivated: the device can only be "
                                             "rejected."))
        if device.sbi.is_expired:
            raise Refused("sbi_expired", _("This device's SBI expired on %(date)s: reject the device.") % {
                "date": date_format(device.sbi.expiry_date)})
        decide(device, Device.Status.APPROVED, actor, note)
        record("device_approved", actor=actor, reference=device, details={**_details(device), "note": note})
    return device


def reject_device(*, device: Device, actor, reason: str) -> Device:
    reason = clean_reason(reason)
    with transaction.atomic():
        lock(device)
        _check_pending(device)
        decide(device, Device.Status.REJECTED, actor, reason)
        record("device_rejected", actor=actor, reference=device, details={**_details(device), "reason": reason})
    return device


def deactivate_device(*, device: Device, actor, note: str = "") -> Device:
    """Deactivate an approved device, by its provider or a partner admin; irreversible (§7)."""
    note = clean_note(note)
    with transaction.atomic():
        lock(device)
        if device.status != Device.Status.APPROVED:
            raise Refused("device_not_approved", _("Only approved devices can be deactivated."))
        reason = deactivation_reason(actor, device.provider)
        end(device, Device.Status.DEACTIVATED, actor=actor, reason=reason, note=note)
        record("device_deactivated", actor=actor, reference=device, details={
            **_details(device), "reason": reason, "note": note})
    return device


def _check_pending(device: Device) -> None:
    if device.status != Device.Status.PENDING:
        raise Refused("device_not_pending", _("This device is no longer pending approval: it is %(status)s.") % {
            "status": device.get_status_display().lower()})


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else str(value)


def _details(device: Device) -> dict:
    return {"provider": device.provider.partner_id, "sbi": str(device.sbi.code) if device.sbi_id else None,
            "type": device.device_type, "subtype": device.device_subtype, "make": device.make,
            "model": device.model}
