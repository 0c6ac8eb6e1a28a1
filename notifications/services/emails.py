"""Email delivery of notices (PRODUCT.md §9): one Celery task per email, retried with back-off; each email
claimed before it is sent, so a redelivered or duplicated task sends nothing twice; the final outcome
(sent or failed) audited. A failed email never touches the portal notice."""

import datetime as dt
import logging
import random

from celery.result import EagerResult
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

import audit.services as audit
from audit.models import Outcome

from ..models import EmailStatus, Notification
from ..rendering import absolute, format_date, notifications_path, render, summary_rows
from .claims import MODULE, Report

logger = logging.getLogger(__name__)
SENT, FAILED, RETRY, SKIPPED = "sent", "failed", "retry", "skipped"
STALE_AFTER = dt.timedelta(minutes=15)  # a claimed or queued email not done by then is taken over
EMAIL_BATCH = 500  # emails per task message (a sweep of 100,000 notices queues 200 tasks)


def queue_emails(ids: list[int]) -> Report:
    """Hand the emails to the worker in batches. Run eagerly (tests, no broker), their outcome is known at
    once; queued, they count as emails. A broker that refuses leaves them pending for the next run."""
    from ..tasks import send_notification_emails_task

    report = Report()
    for start in range(0, len(ids), EMAIL_BATCH):
        batch = ids[start:start + EMAIL_BATCH]
        try:
            result = send_notification_emails_task.delay(batch)
        except Exception:  # the broker is down: the notices stand, the next sweep re-queues the emails
            logger.exception("Could not queue %s notification emails", len(batch))
            report.failed += len(batch)
            continue
        outcomes = result.result if isinstance(result, EagerResult) else {SENT: len(batch)}
        report.emails += outcomes.get(SENT, 0) + outcomes.get(RETRY, 0)
        report.failed += outcomes.get(FAILED, 0)
    return report


def requeue_stalled_emails() -> Report:
    """Queue again the emails left pending or half-sent past their due time (a crash, a broker outage)."""
    cutoff = timezone.now() - STALE_AFTER
    stalled = Notification.objects.filter(
        Q(email_status=EmailStatus.PENDING) | Q(email_status=EmailStatus.SENDING), email_due_at__lt=cutoff)
    return queue_emails(list(stalled.order_by("pk").values_list("pk", flat=True)))


def deliver_email(*, notification_id: int, final: bool) -> str:
    """Send one notice's email in its recipient's language; SENT, FAILED (after the last attempt), RETRY or
    SKIPPED (already sent, being sent by another worker, or gone)."""
    now = timezone.now()
    claimable = Q(email_status=EmailStatus.PENDING) | Q(email_status=EmailStatus.SENDING,
                                                       email_due_at__lt=now - STALE_AFTER)
    claimed = Notification.objects.filter(claimable, pk=notification_id).update(
        email_status=EmailStatus.SENDING, email_due_at=now, email_attempts=F("email_attempts") + 1)
    if not claimed:
        return SKIPPED
    notice = Notification.objects.select_related("recipient").get(pk=notification_id)
    try:
        build_email(notice).send()
    except Exception as error:  # any backend failure (SMTP, network, DNS…) is retried, then audited
        return _failed(notice, error, final=final)
    with transaction.atomic():
        Notification.objects.filter(pk=notice.pk).update(email_status=EmailStatus.SENT, email_sent_at=timezone.now(),
                                                         email_error="")
        _audit(notice, Outcome.SUCCESS)
    return SENT


def _failed(notice: Notification, error: Exception, *, final: bool) -> str:
    message = f"{type(error).__name__}: {error}"[:200]
    if not final:
        logger.warning("Email of notification %s failed (attempt %s), will retry: %s", notice.code,
                       notice.email_attempts, message)
        Notification.objects.filter(pk=notice.pk).update(
            email_status=EmailStatus.PENDING, email_error=message,
            email_due_at=timezone.now() + dt.timedelta(seconds=retry_delay(notice.email_attempts - 1)))
        return RETRY
    logger.error("Email of notification %s failed for good: %s", notice.code, message)
    with transaction.atomic():
        Notification.objects.filter(pk=notice.pk).update(email_status=EmailStatus.FAILED, email_error=message)
        _audit(notice, Outcome.FAILURE, error=message)
    return FAILED


def retry_delay(retries: int) -> int:
    """Seconds before the next attempt: exponential back-off with jitter, capped."""
    base = settings.PMS_NOTIFICATION_EMAIL_RETRY_DELAY * 2 ** max(retries, 0)
    return int(min(base, 3600) * random.uniform(0.8, 1.2))


def _audit(notice: Notification, outcome: str, error: str = "") -> None:
    details = {"notification_id": str(notice.code), "type": notice.kind, "channel": "email",
               "recipient_id": notice.recipient_id, "attempts": notice.email_attempts}
    if error:
        details["error"] = error
    audit.record(event="notification_email_sent" if outcome == Outcome.SUCCESS else "notification_email_failed",
                 module=MODULE, outcome=outcome, reference=notice, details=details)


def build_email(notice: Notification) -> EmailMultiAlternatives:
    """The notice as an email in the recipient's preferred language: subject, text and HTML (§9)."""
    user = notice.recipient
    with translation.override(user.language):
        rendered = render(notice)
        context = {
            "user": user, "notice": notice, "params": notice.params, "rendered": rendered,
            "days": int(notice.params.get("days") or 0),
            "item_url": absolute(rendered.item_url) if rendered.item_url else "",
            "renew_url": absolute(rendered.renew_url) if rendered.renew_url else "",
            "notifications_url": absolute(notifications_path()),
            "rows": [{**row, "url": absolute(row["url"])} for row in summary_rows(notice)],
            **{key: format_date(value) for key, value in notice.params.items() if key.endswith("_until")},
        }
        base = f"emails/notifications/{notice.kind}"
        subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
        message = EmailMultiAlternatives(subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
                                         body=render_to_string(f"{base}_body.txt", context), to=[user.email])
        message.attach_alternative(render_to_string(f"{base}_body.html", context), "text/html")
    return message
