"""Django's admin for operators (emergencies only): rows are read-only; every change goes through the services.

Deleting an SBI here leaves its devices as orphans, which partner admins can then only reject (§7).
"""

from django.contrib import admin

from .models import Device, FtmChip, FtmChipCertificate, FtmChipSignedCertificate, Sbi


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Sbi)
class SbiAdmin(_ReadOnly):
    list_display = ("version", "provider", "status", "creation_date", "expiry_date", "submitted_at")
    list_filter = ("status",)
    search_fields = ("version", "binary_hash", "provider__partner_id", "provider__organization_name")
    list_select_related = ("provider",)


@admin.register(Device)
class DeviceAdmin(_ReadOnly):
    list_display = ("make", "model", "device_type", "device_subtype", "provider", "sbi", "status")
    list_filter = ("status", "device_type")
    search_fields = ("make", "model", "provider__partner_id", "provider__organization_name")
    list_select_related = ("provider", "sbi")


@admin.register(FtmChip)
class FtmChipAdmin(_ReadOnly):
    list_display = ("make", "model", "provider", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("make", "model", "provider__partner_id", "provider__organization_name")
    list_select_related = ("provider",)


@admin.register(FtmChipCertificate)
class FtmChipCertificateAdmin(_ReadOnly):
    list_display = ("subject_common_name", "chip", "status", "not_after")
    list_filter = ("status",)
    search_fields = ("subject", "fingerprint_sha256")
    list_select_related = ("chip",)


@admin.register(FtmChipSignedCertificate)
class FtmChipSignedCertificateAdmin(_ReadOnly):
    list_display = ("subject_common_name", "serial_number", "not_after", "signed_by")
    list_select_related = ("signed_by",)
