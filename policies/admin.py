from django.contrib import admin

from .models import PartnerPolicyGroup, Policy, PolicyGroup, PolicyLink, PolicyStatusChange


@admin.register(PolicyGroup)
class PolicyGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "is_active", "created_at")
    search_fields = ("name",)
    readonly_fields = ("code", "created_at", "updated_at")


class StatusChangeInline(admin.TabularInline):
    model = PolicyStatusChange
    extra = 0
    readonly_fields = ("from_status", "to_status", "actor", "at", "note")
    can_delete = False


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ("name", "group", "policy_type", "status", "updated_at")
    list_filter = ("policy_type", "status", "group")
    search_fields = ("name",)
    list_select_related = ("group",)
    readonly_fields = ("code", "created_at", "updated_at", "published_at", "deactivated_at")
    inlines = [StatusChangeInline]


@admin.register(PartnerPolicyGroup)
class PartnerPolicyGroupAdmin(admin.ModelAdmin):
    list_display = ("partner", "group", "selected_at")
    list_select_related = ("partner", "group")
    raw_id_fields = ("partner",)


@admin.register(PolicyLink)
class PolicyLinkAdmin(admin.ModelAdmin):
    list_display = ("partner", "policy", "status", "requested_at", "decided_at")
    list_filter = ("status",)
    list_select_related = ("partner", "policy")
    raw_id_fields = ("partner", "policy")
    readonly_fields = ("code", "requested_at")
