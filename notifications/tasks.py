"""Thin tasks over the services (STYLE.md §9); the schedule is CELERY_BEAT_SCHEDULE in settings."""

from celery import shared_task
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


@shared_task(bind=True, acks_late=True, max_retries=settings.PMS_NOTIFICATION_EMAIL_RETRIES)
def send_notification_email_task(self, notification_id: int) -> str:
    """One email, retried with exponential back-off; the last attempt's failure is audited by the service."""
    outcome = services.deliver_email(notification_id=notification_id,
                                     final=self.request.retries >= self.max_retries)
    if outcome == "retry":
        # Not raised: run eagerly (tests, no broker), Celery then runs the retry at once instead of failing.
        return self.retry(countdown=services.retry_delay(self.request.retries), throw=False)
    return outcome
