"""The audit trail: one append-only table of events, chained by hashes (PRODUCT.md §10)."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    SUCCESS = "success", _("Success")
    FAILURE = "failure", _("Failure")


class AuditEvent(models.Model):
    """Who did what, to which object, when, with which outcome.

    A row is written in the transaction of the change it records, without a chain position; the
    sealer (`audit.services.seal_pending`) then gives committed rows, in order, their place in the
    chain (`seq`), the previous row's hash and their own. Sealed rows are never updated.
    """

    event_id = models.UUIDField(_("Event ID"), default=uuid.uuid4, unique=True, editable=False)
    timestamp = models.DateTimeField(_("Time"))
    event = models.CharField(_("Event"), max_length=64)
    module = models.CharField(_("Module"), max_length=32)
    actor_id = models.BigIntegerField(_("Actor ID"), null=True, blank=True)
    actor = models.CharField(_("Actor"), max_length=150)
    reference_type = models.CharField(_("Reference type"), max_length=64, blank=True)
    reference_id = models.CharField(_("Reference ID"), max_length=64, blank=True)
    outcome = models.CharField(_("Outcome"), max_length=8, choices=Outcome.choices)
    details = models.JSONField(_("Details"), default=dict, blank=True)
    request_id = models.CharField(_("Request ID"), max_length=64, blank=True)
    client_ip = models.GenericIPAddressField(_("Client IP"), null=True, blank=True)
    seq = models.BigIntegerField(null=True, blank=True, unique=True, editable=False)  # position in the chain
    prev_hash = models.CharField(max_length=64, blank=True)
    # NULL until sealed, as `seq`. Not indexed: nothing looks an event up by its hash, and an index would cost
    # every audited write (issue 9).
    hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        constraints = [
            models.CheckConstraint(condition=models.Q(outcome__in=["success", "failure"]),
                                   name="auditevent_outcome_valid"),
        ]
        # The list's default order (newest first) and its filters, each followed by that order, so
        # that a page is an index range whatever the table's size (issue 12).
        indexes = [
            models.Index(fields=["-timestamp", "-id"], name="audit_newest_first"),
            models.Index(fields=["module", "-timestamp", "-id"], name="audit_module_newest"),
            models.Index(fields=["event", "-timestamp", "-id"], name="audit_event_newest"),
            models.Index(fields=["reference_id", "-timestamp", "-id"], name="audit_reference_newest"),
            # Failures, what an auditor narrows to first: a few percent of the trail, read without walking the rest.
            models.Index(fields=["-timestamp", "-id"], condition=models.Q(outcome="failure"),
                         name="audit_failures_newest"),
            models.Index(fields=["id"], condition=models.Q(seq__isnull=True), name="audit_unsealed"),
        ]

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M:%S} {self.module}.{self.event} {self.outcome}"


class ChainHead(models.Model):
    """The single row holding the newest sealed event; only the sealer locks it, never a request's transaction."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    last_hash = models.CharField(max_length=64)
    last_event_id = models.BigIntegerField(null=True)
    last_seq = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return self.last_hash
