from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MosipImportConfig(AppConfig):
    """The importer of a MOSIP PMS deployment (`manage.py import_mosip_pms`): a top-floor module that no
    domain app imports; it writes through the domain apps' models and services (STYLE.md §14)."""

    name = "mosip_import"
    verbose_name = _("Import from MOSIP PMS")

    def ready(self):
        from . import audit_labels

        audit_labels.register()
