from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import portal
        from .services.portal_ca import ensure_portal_ca_after_migrate

        portal.register()
        post_migrate.connect(ensure_portal_ca_after_migrate, sender=self, dispatch_uid="certificates.portal_ca")
