"""Thin tasks over the services (STYLE.md §9); the schedule is CELERY_BEAT_SCHEDULE in settings."""

from celery import shared_task
from celery.result import EagerResult
from django.conf import settings

from . import services


@shared_task
def send_expiry_notifications_task() -> str:
    """The daily sweep, and the weekly summary if this week's was not sent yet (a missed run is caught up)."""
    report = services.send_due_expiry_notifications()
    report.add(services.send_weekly_summary())
    return str(report)


@shared_task
def send_weekly_summary_task() -> str:
    return str(services.send_weekly_summary())


@shared_task
def purge_notifications_task() -> int:
    return services.purge_notifications()


@shared_task(acks_late=True)
def send_notification_emails_task(notification_ids: list[int]) -> dict[str, int]:
    """First attempts for a batch of emails (one broker message per batch, not per email); an email that
    fails goes on alone, retried with back-off by send_notification_email_task."""
    outcomes: dict[str, int] = {}
    for notification_id in notification_ids:
        outcome = services.deliver_email(notification_id=notification_id, final=False)
        if outcome == "retry":
            retry = send_notification_email_task.apply_async(
                (notification_id,), countdown=services.retry_delay(0), retries=1)
            outcome = retry.result if isinstance(retry, EagerResult) else "retry"  # eager: already final
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


@shared_task(bind=True, acks_late=True, max_retries=settings.PMS_NOTIFICATION_EMAIL_RETRIES)
def send_notification_email_task(self, notification_id: int) -> str:
    """One email, retried with exponential back-off; the last attempt's failure is audited by the service."""
    outcome = services.deliver_email(notification_id=notification_id,
                                     final=self.request.retries >= self.max_retries)
    if outcome == "retry":
        # Not raised: run eagerly (tests, no broker), Celery then runs the retry at once instead of failing.
        return self.retry(countdown=services.retry_delay(self.request.retries), throw=False)
    return outcome
