from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = _("Policies")

    def ready(self):
        from pms.choices import forget_on_change

        from . import portal
        from .models import PolicyGroup

        portal.register()
        forget_on_change(PolicyGroup)
