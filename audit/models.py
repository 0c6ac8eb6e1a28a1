"""The audit trail: one append-only table of events, chained by hashes (PRODUCT.md §10)."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    SUCCESS = "success", _("Success")
    FAILURE = "failure", _("Failure")


class AuditEvent(models.Model):
    """Who did what, to which object, when, with which outcome. Rows are never updated."""

    event_id = models.UUIDField(_("Event ID"), default=uuid.uuid4, unique=True, editable=False)
    timestamp = models.DateTimeField(_("Time"), db_index=True)
    event = models.CharField(_("Event"), max_length=64, db_index=True)
    module = models.CharField(_("Module"), max_length=32, db_index=True)
    actor_id = models.BigIntegerField(_("Actor ID"), null=True, blank=True)
    actor = models.CharField(_("Actor"), max_length=150, db_index=True)
    reference_type = models.CharField(_("Reference type"), max_length=64, blank=True)
    reference_id = models.CharField(_("Reference ID"), max_length=64, blank=True, db_index=True)
    outcome = models.CharField(_("Outcome"), max_length=8, choices=Outcome.choices)
    details = models.JSONField(_("Details"), default=dict, blank=True)
    request_id = models.CharField(_("Request ID"), max_length=64, blank=True)
    client_ip = models.GenericIPAddressField(_("Client IP"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        constraints = [
            models.CheckConstraint(condition=models.Q(outcome__in=["success", "failure"]),
                                   name="auditevent_outcome_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M:%S} {self.module}.{self.event} {self.outcome}"


class ChainHead(models.Model):
    """The single row holding the hash of the newest event; writers lock it to append in order."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    last_hash = models.CharField(max_length=64)
    last_event_id = models.BigIntegerField(null=True)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return self.last_hash
