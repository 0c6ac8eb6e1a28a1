from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The top floor (STYLE.md §14): reads every domain app's expiring items; no domain app imports it."""

    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from django.db.models.signals import post_save

        from pms.middleware import PREFETCHERS

        from . import bell, portal

        portal.register()
        if bell.prefetch_keys not in PREFETCHERS:
            PREFETCHERS.append(bell.prefetch_keys)  # the bell read with the page's first cache read (pms.memo)
        post_save.connect(bell.forget_on_change, sender="notifications.Notification",
                          dispatch_uid="notifications.bell.save")
