from django.contrib import admin

from .models import ImportedRecord


@admin.register(ImportedRecord)
class ImportedRecordAdmin(admin.ModelAdmin):
    """Read-only: which MOSIP row became which row here (for operators answering "where did X go?")."""

    list_display = ("kind", "source_id", "target_type", "target_id", "imported_at", "updated_at")
    list_filter = ("kind",)
    search_fields = ("source_id",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
