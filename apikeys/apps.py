from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApikeysConfig(AppConfig):
    name = "apikeys"
    verbose_name = _("Authentication services")

    def ready(self):
        from . import portal

        portal.register()
        portal.register_expiry_jobs()
