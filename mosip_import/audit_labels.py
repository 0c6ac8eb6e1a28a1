"""What the importer's audit events mean, for the audit trail's page (audit.labels)."""

from django.utils.translation import gettext_lazy as _

from audit.labels import register_audit_labels


def register() -> None:
    register_audit_labels(module="mosip_import", label=_("Import from MOSIP PMS"), events={
        "mosip_import_run": _("MOSIP PMS import"), "mosip_import_dry_run": _("MOSIP PMS import rehearsal"),
    }, details={
        "counts": _("Counts"), "stopped_at": _("Stopped at"), "error": _("Error"),
        "source_pms": _("MOSIP PMS database"), "source_keymgr": _("MOSIP key manager database"),
        "legacy_expiry_days": _("Legacy key expiry (days)"), "invited": _("Users invited"),
    })
