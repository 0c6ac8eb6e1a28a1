"""Which MOSIP row became which row here: what makes the import safe to run twice (idempotent by source ID)."""

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportedRecord(models.Model):
    """One MOSIP source row (by kind and source ID) and the row it was imported as.

    `fingerprint` is a hash of the source values the import used: a later run updates the row only when it
    changed in MOSIP, so that changes made here since (a partner deactivated by an admin) are not undone.
    """

    kind = models.CharField(_("Kind"), max_length=32)
    source_id = models.CharField(_("MOSIP ID"), max_length=255)
    target_type = models.CharField(_("Imported as"), max_length=64)
    target_id = models.BigIntegerField(_("Row"))
    target_ref = models.CharField(_("Portal ID"), max_length=64)  # the row's code (or key) the report shows
    fingerprint = models.CharField(max_length=64)
    first_run = models.UUIDField(_("First run"))
    last_run = models.UUIDField(_("Last run"))
    imported_at = models.DateTimeField(_("Imported at"), default=timezone.now)
    updated_at = models.DateTimeField(_("Updated at"), default=timezone.now)

    class Meta:
        ordering = ["kind", "source_id"]
        verbose_name = _("imported MOSIP record")
        verbose_name_plural = _("imported MOSIP records")
        constraints = [models.UniqueConstraint(fields=["kind", "source_id"], name="importedrecord_unique_source")]
        indexes = [models.Index(fields=["target_type", "target_id"], name="importedrecord_target")]

    def __str__(self) -> str:
        return f"{self.kind} {self.source_id} → {self.target_type}#{self.target_id}"

    @property
    def target(self):
        model = apps.get_model(self.target_type)
        return model._default_manager.filter(pk=self.target_id).first()
