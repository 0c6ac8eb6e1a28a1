"""SBIs, devices and their SBI links, FTM chips with their certificates (R9).

Rows are written as MOSIP has them (statuses and dates included), not through the submission services, whose
rules are for new submissions (an SBI created ten years ago is history, not a mistake). An FTM chip's
certificate goes through the devices app's own upload service, so through our certificate engine under the
FTM domain, with its platform-signed copy.
"""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devices.models import Device, FtmChip, Sbi
from devices.services import upload_chip_certificate
from partners.models import Partner
from pms.errors import Refused

from .. import mapping
from ..source import Table
from .base import Context, Importer, Result, RowRefused, RowSkipped
from .certificates import CERT_COLUMNS
from .notes import Notes
from .policies import imported_partner

AUDIT = ("cr_dtimes", "upd_dtimes", "is_deleted")
SBI_TABLE = Table("pms", "secure_biometric_interface", ("id", "sw_binary_hash", "sw_version", "sw_cr_dtimes",
                                                        "sw_expiry_dtimes", "approval_status", "is_active", *AUDIT),
                  optional=("provider_id",), order_by=("cr_dtimes", "id"))
DEVICE_TABLE = Table("pms", "device_detail", ("id", "dprovider_id", "dtype_code", "dstype_code", "make", "model",
                                              "approval_status", "is_active", *AUDIT), order_by=("cr_dtimes", "id"))
LINK_TABLE = Table("pms", "device_detail_sbi", ("device_detail_id", "sbi_id", "is_active", *AUDIT),
                   order_by=("cr_dtimes", "device_detail_id", "sbi_id"))
CHIP_TABLE = Table("pms", "ftp_chip_detail", ("id", "foundational_trust_provider_id", "make", "model",
                                              "certificate_alias", "approval_status", "is_active", *AUDIT),
                   order_by=("cr_dtimes", "id"))
CHIP_CERT_TABLE = Table("keymgr", "partner_cert_store", CERT_COLUMNS)


def _status(row: dict, *, chip: bool = False) -> str:
    convert = mapping.chip_status if chip else mapping.approval_status
    status = convert(row["approval_status"], is_active=bool(row["is_active"]))
    if status is None:
        raise RowRefused("unknown_status", _("The status %(status)s has no equivalent here.")
                         % {"status": row["approval_status"]})
    return status


def _decision(item, status: str, row: dict) -> None:
    """The decision fields of an SBI, device or chip in `status`; MOSIP records no reason for a rejection."""
    item.status = status
    changed = row["upd_dtimes"] or row["cr_dtimes"]
    if status in ("approved", "rejected", "deactivated"):
        item.decided_at = item.decided_at or changed
    if status == "deactivated":
        item.deactivated_at = item.deactivated_at or changed
    if status == "rejected" and not item.comment:
        item.comment = _rejection_comment(item.provider)


def _rejection_comment(provider: Partner) -> str:
    user = provider.users.order_by("date_joined", "id").first()
    with translation.override(user.language if user else None):
        return _("Rejected in MOSIP PMS (MOSIP records no reason).")


def _provider(mosip_id: str | None, ctx: Context, feature: str) -> Partner:
    if not mosip_id:
        raise RowRefused("no_provider", _("MOSIP names no provider for it."))
    provider = imported_partner(mosip_id, ctx)
    if not provider.partner_type.has_feature(feature):
        raise RowRefused("not_a_provider", _("Its partner %(id)s is not a provider of this kind here.")
                         % {"id": mosip_id})
    return provider


class Sbis(Importer):
    kind = "sbis"
    label = gettext_lazy("SBIs")
    table = SBI_TABLE
    model = Sbi

    def source_id(self, row):
        return row["id"]

    def create(self, row, ctx):
        provider = _provider(row["provider_id"], ctx, "sbi")
        if not row["sw_cr_dtimes"] or not row["sw_expiry_dtimes"]:
            raise RowRefused("sbi_dates_missing", _("MOSIP has no creation or expiry date for it."))
        sbi = Sbi(provider=provider, version=row["sw_version"].strip()[:64],
                  binary_hash=mapping.binary_hash(row["sw_binary_hash"]) or "-",
                  creation_date=row["sw_cr_dtimes"].date(), expiry_date=row["sw_expiry_dtimes"].date(),
                  submitted_at=row["cr_dtimes"] or ctx.now)
        _decision(sbi, _status(row), row)
        sbi.save()
        return Result(sbi)

    def update(self, target, row, ctx):
        return _update_status(target, _status(row), row)


def _update_status(target, status: str, row: dict) -> Result:
    """A status MOSIP changed since the last run is followed while the item is still open here."""
    if status == target.status:
        return Result(target)
    if target.status not in target.OPEN_STATUSES:
        return Result(target, "decided_here", _("Its status changed in MOSIP, but it was decided here since: left "
                                                "as it is."))
    _decision(target, status, row)
    target.save()
    return Result(target)


class Devices(Importer):
    kind = "devices"
    label = gettext_lazy("Devices")
    table = DEVICE_TABLE
    model = Device

    def source_id(self, row):
        return row["id"]

    def rows(self, ctx):
        """Each device knows whether MOSIP links it to any SBI: one without is imported as an orphan."""
        linked = {link["device_detail_id"] for link in ctx.sources["pms"].rows(LINK_TABLE)
                  if link["is_active"] and not link["is_deleted"]} if ctx.sources["pms"].has(LINK_TABLE) else set()
        for row in super().rows(ctx):
            yield {**row, "linked": row["id"] in linked}

    def create(self, row, ctx):
        provider = _provider(row["dprovider_id"], ctx, "sbi")
        kind, subtype = mapping.device_type(row["dtype_code"]), mapping.device_subtype(row["dstype_code"])
        if kind is None or subtype is None:
            raise RowRefused("unknown_device_type", _("The device type %(type)s / %(subtype)s has no equivalent "
                                                      "here.") % {"type": row["dtype_code"],
                                                                  "subtype": row["dstype_code"]})
        device = Device(provider=provider, device_type=kind, device_subtype=subtype, make=row["make"].strip()[:36],
                        model=row["model"].strip()[:36], submitted_at=row["cr_dtimes"] or ctx.now)
        _decision(device, _status(row), row)
        device.full_clean(exclude=["sbi", "provider"])
        device.save()
        if not row["linked"]:
            return Result(device, "orphan_device", _("MOSIP links it to no SBI: imported as an orphan device, which "
                                                     "a partner admin can only reject."))
        return Result(device)

    def update(self, target, row, ctx):
        return _update_status(target, _status(row), row)


class DeviceSbiLinks(Importer):
    """pms.device_detail_sbi: MOSIP may link a device to several SBIs; here a device has one, the first active
    link MOSIP recorded. The other links are reported."""

    kind = "device_sbi_links"
    label = gettext_lazy("Device–SBI links")
    table = LINK_TABLE
    model = Device

    def source_id(self, row):
        return f"{row['device_detail_id']}:{row['sbi_id']}"

    def create(self, row, ctx):
        if not row["is_active"]:
            raise RowSkipped("inactive_link", _("The link is inactive in MOSIP."))
        device, sbi = self._device(row, ctx), self._sbi(row, ctx)
        if device.sbi_id is not None and device.sbi_id != sbi.pk:
            raise RowSkipped("other_sbi", _("The device is already under another SBI: a device belongs to one SBI "
                                            "here."), device)
        if device.provider_id != sbi.provider_id:
            raise RowRefused("provider_mismatch", _("The device and the SBI belong to different providers."))
        device.sbi = sbi
        device.save(update_fields=["sbi"])
        return Result(device)

    def update(self, target, row, ctx):
        return Result(target)

    def _device(self, row, ctx) -> Device:
        device_id = ctx.target_id("devices", row["device_detail_id"])
        if device_id is None:
            raise RowRefused("device_not_imported", _("Its device %(id)s was not imported.")
                             % {"id": row["device_detail_id"]})
        return Device.objects.get(pk=device_id)

    def _sbi(self, row, ctx) -> Sbi:
        sbi_id = ctx.target_id("sbis", row["sbi_id"])
        if sbi_id is None:
            raise RowRefused("sbi_not_imported", _("Its SBI %(id)s was not imported.") % {"id": row["sbi_id"]})
        return Sbi.objects.get(pk=sbi_id)


class FtmChips(Importer):
    kind = "ftm_chips"
    label = gettext_lazy("FTM chips")
    table = CHIP_TABLE
    model = FtmChip

    def source_id(self, row):
        return row["id"]

    def create(self, row, ctx):
        provider = _provider(row["foundational_trust_provider_id"], ctx, "ftm")
        make, model = (row["make"] or "").strip()[:36], (row["model"] or "").strip()[:36]
        if not make or not model:
            raise RowRefused("no_make_model", _("MOSIP has no make or model for it."))
        chip = FtmChip.objects.create(provider=provider, make=make, model=model, created_at=row["cr_dtimes"] or ctx.now)
        notes = Notes()
        status = _status(row, chip=True)
        if row["certificate_alias"]:
            _import_chip_certificate(chip, row, ctx, notes)
        if status in ("pending_approval", "approved") and not chip.certificates.exists():
            status = FtmChip.Status.PENDING_CERTIFICATE
            notes.add("chip_certificate_missing", _("It has no valid certificate here: imported as pending its "
                                                    "certificate; the provider must upload it again."))
        chip.refresh_from_db()
        _decision(chip, status, row)
        chip.save()
        return notes.result(chip)

    def update(self, target, row, ctx):
        return _update_status(target, _status(row, chip=True), row)


def _import_chip_certificate(chip: FtmChip, row: dict, ctx: Context, notes: Notes) -> None:
    keymgr = ctx.sources.get("keymgr")
    if keymgr is None:
        notes.add("chip_certificate_not_read", _("Its certificate was not read (no --keymgr-dsn)."))
        return
    found = keymgr.row(CHIP_CERT_TABLE, "cert_id", row["certificate_alias"])
    if found is None or not found["cert_data"]:
        notes.add("chip_certificate_not_found", _("Its certificate %(id)s is not in MOSIP's key manager.")
                  % {"id": row["certificate_alias"]})
        return
    try:
        upload_chip_certificate(chip=chip, data=found["cert_data"].encode(), filename=None, actor=ctx.actor)
    except Refused as refusal:
        notes.add(f"chip_certificate_{refusal.code}", _("Its certificate was refused: %(reason)s")
                  % {"reason": refusal.message})

