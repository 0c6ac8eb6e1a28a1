from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """For operators: find a notice and its email's state (failed emails, attempts, last error)."""

    list_display = ("kind", "item_name", "recipient", "threshold", "created_at", "read_at", "email_status",
                    "email_attempts")
    list_filter = ("kind", "email_status", "threshold")
    search_fields = ("item_name", "recipient__username", "recipient__email", "code")
    list_select_related = ("recipient",)
    readonly_fields = [f.name for f in Notification._meta.fields]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False
