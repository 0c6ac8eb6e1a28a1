"""Every state change of the devices app (PRODUCT.md §7), each audited in its transaction."""

from .devices import (
    MAX_DEVICES_PER_SUBMISSION,
    DeviceRow,
    RowsRefused,
    add_devices,
    approve_device,
    clean_row,
    deactivate_device,
    reject_device,
)
from .ftm import approve_chip, create_chip, deactivate_chip, reject_chip, upload_chip_certificate
from .sbis import (
    Cascade,
    approve_sbi,
    cascade_preview,
    check_dates,
    deactivate_expired_sbis,
    deactivate_sbi,
    register_sbi,
    reject_sbi,
)

__all__ = [
    "MAX_DEVICES_PER_SUBMISSION", "Cascade", "DeviceRow", "RowsRefused", "add_devices", "approve_chip",
    "approve_device", "approve_sbi", "cascade_preview", "check_dates", "clean_row", "create_chip",
    "deactivate_chip", "deactivate_device", "deactivate_expired_sbis", "deactivate_sbi", "reject_chip",
    "reject_device", "reject_sbi", "register_sbi", "upload_chip_certificate",
]
