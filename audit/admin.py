from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only and its hash chain would expose any edit."""

    list_display = ("timestamp", "module", "event", "actor", "outcome", "reference_type", "reference_id")
    list_filter = ("module", "outcome")
    search_fields = ("actor", "event", "reference_id", "request_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
