from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Partner, PartnerType, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "partner", "is_active", "is_superuser", "last_login")
    list_select_related = ("partner",)
    fieldsets = BaseUserAdmin.fieldsets + (("Portal", {"fields": ("language", "partner")}),)
    raw_id_fields = ("partner",)


@admin.register(PartnerType)
class PartnerTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "domain", "id_prefix", "needs_policy_group", "is_active", "order")


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("partner_id", "organization_name", "partner_type", "status", "created_at")
    list_filter = ("partner_type", "status")
    search_fields = ("partner_id", "organization_name")
    list_select_related = ("partner_type",)
    readonly_fields = ("partner_id", "code", "created_at")
