from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = _("Policies")

    def ready(self):
        from partners.models import Partner
        from pms.choices import forget_keys_on_change, forget_on_change

        from . import portal
        from .models import PolicyGroup, PolicyLink
        from .selectors import PENDING_COUNT_KEY

        portal.register()
        forget_on_change(PolicyGroup)
        forget_keys_on_change([PENDING_COUNT_KEY], PolicyLink, Partner)
