from django.contrib import admin

from .models import CACertificate, PartnerCertificate, PlatformSignedCertificate, PortalCAKey


@admin.register(CACertificate)
class CACertificateAdmin(admin.ModelAdmin):
    list_display = ("subject_common_name", "domain", "kind", "status", "chain_deactivated", "not_after")
    list_filter = ("domain", "kind", "status", "chain_deactivated")
    search_fields = ("subject", "issuer", "fingerprint_sha256")
    list_select_related = ("uploaded_by",)
    readonly_fields = [f.name for f in CACertificate._meta.fields]


@admin.register(PartnerCertificate)
class PartnerCertificateAdmin(admin.ModelAdmin):
    list_display = ("subject_common_name", "partner", "status", "chain_deactivated", "not_after")
    list_filter = ("domain", "status", "chain_deactivated")
    search_fields = ("subject", "partner__partner_id", "partner__organization_name", "fingerprint_sha256")
    list_select_related = ("partner",)
    readonly_fields = [f.name for f in PartnerCertificate._meta.fields]


@admin.register(PlatformSignedCertificate)
class PlatformSignedCertificateAdmin(admin.ModelAdmin):
    list_display = ("subject_common_name", "serial_number", "not_after", "signed_by")
    list_select_related = ("signed_by",)
    readonly_fields = [f.name for f in PlatformSignedCertificate._meta.fields]


@admin.register(PortalCAKey)
class PortalCAKeyAdmin(admin.ModelAdmin):
    list_display = ("subject", "kind", "is_current", "not_after", "retired_at")
    # The encrypted key is never shown, even encrypted.
    exclude = ("encrypted_private_key",)
    readonly_fields = [f.name for f in PortalCAKey._meta.fields if f.name != "encrypted_private_key"]
