"""What the devices app's audit events mean, for the audit trail's page (audit.labels)."""

from django.utils.translation import gettext_lazy as _

from audit.labels import register_audit_labels

from .models import DeactivationReason, Device, DeviceSubtype, DeviceType, FtmChip

EVENTS = {
    "sbi_registered": _("SBI registered"), "sbi_approved": _("SBI approved"), "sbi_rejected": _("SBI rejected"),
    "sbi_deactivated": _("SBI deactivated"), "sbi_expired": _("SBI expired"),
    "device_added": _("Device added"), "device_approved": _("Device approved"),
    "device_rejected": _("Device rejected"), "device_deactivated": _("Device deactivated"),
    "ftm_chip_created": _("FTM chip added"), "ftm_chip_certificate_uploaded": _("FTM chip certificate uploaded"),
    "ftm_chip_certificate_upload_refused": _("FTM chip certificate refused"),
    "ftm_chip_approved": _("FTM chip approved"), "ftm_chip_rejected": _("FTM chip rejected"),
    "ftm_chip_deactivated": _("FTM chip deactivated"),
}
DETAILS = {
    "provider": _("Provider"), "sbi": _("SBI"), "subtype": _("Subtype"), "make": _("Make"), "model": _("Model"),
    "version": _("Version"), "binary_hash": _("Binary hash"), "creation_date": _("Creation date"),
    "expiry_date": _("Expiry date"), "devices_deactivated": _("Devices deactivated"),
    "devices_rejected": _("Devices rejected"), "cause": _("Cause"), "certificate": _("Certificate"),
    "certificate_not_after": _("Certificate valid until"), "status_before": _("Status before"),
}


def register() -> None:
    values = {("reason", code): label for code, label in DeactivationReason.choices}
    values |= {("cause", code): label for code, label in DeactivationReason.choices}
    values |= {(key, code): label for key in ("status", "status_before")
               for code, label in [*Device.Status.choices, *FtmChip.Status.choices]}
    values |= {("type", code): label for code, label in DeviceType.choices}
    values |= {("subtype", code): label for code, label in DeviceSubtype.choices}
    register_audit_labels(module="devices", label=_("Devices and FTM chips"), events=EVENTS, details=DETAILS,
                          values=values)
