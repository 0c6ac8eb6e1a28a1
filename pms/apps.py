from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PmsConfig(AppConfig):
    name = "pms"
    verbose_name = _("Portal core")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import constraints, pgtypes, roles, text

        text.install()
        pgtypes.install()
        constraints.enforce_text_max_lengths()
        post_migrate.connect(roles.sync_roles_after_migrate, dispatch_uid="pms.sync_roles")
