"""Expiry notifications (PRODUCT.md §9): one row per notice a recipient gets, with its email delivery.

A notice stores its type and parameters, never rendered text, so that it is shown in the language of
whoever reads it; the email is rendered in the recipient's preferred language when it is sent.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ROOT_CA = "root_ca", _("Root CA certificates")
    INTERMEDIATE_CA = "intermediate_ca", _("Intermediate CA certificates")
    PARTNER_CERTIFICATE = "partner_certificate", _("Partner certificates")
    API_KEY = "api_key", _("API keys")
    SBI = "sbi", _("SBIs")
    FTM_CHIP_CERTIFICATE = "ftm_chip_certificate", _("FTM chip certificates")
    WEEKLY_SUMMARY = "weekly_summary", _("Weekly summaries")


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    NONE = "none", _("No email address")


class Notification(models.Model):
    """A notice to one recipient about one expiring item at one threshold, or one weekly summary.

    `next_due_at` is when the item reaches its next threshold: until then this notice is its current one, which
    is how the sweep finds, in SQL, the items that need a new notice.

    The unique constraints are what makes a notice exactly-once: re-runs, concurrent workers and runs after
    a crash all insert with ON CONFLICT DO NOTHING, so only the first insert of a key creates a notice.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="notifications", verbose_name=_("Recipient"))
    kind = models.CharField(_("Type"), max_length=32, choices=Kind.choices)
    item_code = models.UUIDField(_("Item"), null=True, blank=True)
    item_name = models.CharField(_("Item name"), max_length=255, blank=True)
    item_expires_at = models.DateTimeField(_("Item expires at"), null=True, blank=True)
    threshold = models.PositiveSmallIntegerField(_("Days before expiry"), default=0)
    next_due_at = models.DateTimeField(_("Next notice due at"), null=True, blank=True)
    week_of = models.DateField(_("Week of"), null=True, blank=True)
    params = models.JSONField(_("Parameters"), default=dict, blank=True)
    # Indexed on PostgreSQL by BRIN (migration 0003), for the retention purge: a B-tree would cost every insert.
    created_at = models.DateTimeField(_("Created"), default=timezone.now)
    read_at = models.DateTimeField(_("Read at"), null=True, blank=True)
    dismissed_at = models.DateTimeField(_("Dismissed at"), null=True, blank=True)
    email_status = models.CharField(_("Email"), max_length=16, choices=EmailStatus.choices,
                                    default=EmailStatus.PENDING)
    email_attempts = models.PositiveSmallIntegerField(_("Email attempts"), default=0)
    email_due_at = models.DateTimeField(_("Email due at"), null=True, blank=True)
    email_sent_at = models.DateTimeField(_("Email sent at"), null=True, blank=True)
    email_error = models.CharField(_("Last email error"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "item_code", "item_expires_at", "threshold"],
                                    condition=Q(item_code__isnull=False),
                                    name="notification_once_per_item_threshold"),
            models.UniqueConstraint(fields=["recipient", "kind", "week_of"], condition=Q(item_code__isnull=True),
                                    name="notification_once_per_week"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="notification_kind_valid"),
            models.CheckConstraint(condition=Q(email_status__in=EmailStatus.values),
                                   name="notification_email_status_valid"),
            models.CheckConstraint(
                condition=Q(kind=Kind.WEEKLY_SUMMARY, item_code__isnull=True, week_of__isnull=False)
                | (~Q(kind=Kind.WEEKLY_SUMMARY) & Q(item_code__isnull=False, item_expires_at__isnull=False)),
                name="notification_item_or_week"),
        ]
        indexes = [
            # The sweep's "current notice" test (kind, item, next_due_at > now) reads only the notices still
            # current, whatever the history the 60-day retention keeps (issue 9, point 8).
            models.Index(fields=["kind", "next_due_at", "item_code"], condition=Q(item_code__isnull=False),
                         name="notification_current"),
            models.Index(fields=["recipient", "-created_at"], condition=Q(dismissed_at__isnull=True),
                         name="notification_inbox"),
            models.Index(fields=["email_status", "email_due_at"],
                         condition=Q(email_status__in=["pending", "sending"]), name="notification_email_outbox"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.item_name or self.week_of} → {self.recipient_id}"

    def get_absolute_url(self) -> str:
        return reverse("notifications:detail", kwargs={"code": self.code})

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @cached_property
    def rendered(self):
        """Its text and links in the active language (the reader's session; see rendering.py)."""
        from .rendering import render

        return render(self)
