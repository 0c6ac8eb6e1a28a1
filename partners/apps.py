from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        from pms.choices import forget_on_change

        from . import admin_portal, portal, receivers, search  # noqa: F401  (receivers register on import)
        from .models import PartnerType

        forget_on_change(PartnerType)

        portal.register()
        admin_portal.register()
