from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The top floor (STYLE.md §14): reads every domain app's expiring items; no domain app imports it."""

    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from . import portal

        portal.register()
