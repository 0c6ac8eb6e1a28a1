"""Emails through a real Celery worker over Redis (PRODUCT.md §9): the sweep only queues them; the worker
sends them, and retries a failing one with back-off until it is sent or audited as failed."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from audit.models import AuditEvent
from notifications import services
from notifications.models import EmailStatus, Notification
from tests.pms.test_celery import real_broker, wait_until  # noqa: F401 (the fixture)

from . import backends
from .factories import api_key, auth_partner_user

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def expiring_key():
    owner = auth_partner_user()
    return api_key(partner=owner.partner, expires_at=timezone.now() + dt.timedelta(days=3), created_by=owner)


def sweep_then_start_worker(real_broker, redis_url) -> services.Report:  # noqa: F811
    """The sweep queues its emails before a worker runs: on SQLite's shared in-memory test database a worker
    writing while the sweep reads the next rule's items would find the table locked (no such lock on PostgreSQL,
    nor on the file database `./dev.sh run` uses, where a writer waits)."""
    with real_broker(redis_url, worker=False):
        return services.send_due_expiry_notifications()


def email_status() -> str:
    return Notification.objects.get().email_status


def test_the_worker_sends_the_email_the_sweep_queued(real_broker, redis_url, expiring_key):  # noqa: F811
    report = sweep_then_start_worker(real_broker, redis_url)
    assert (report.notices, report.emails, report.failed) == (1, 1, 0)  # queued, not yet sent
    assert email_status() == EmailStatus.PENDING
    with real_broker(redis_url):
        assert wait_until(lambda: email_status() == EmailStatus.SENT)
    assert len(mail.outbox) == 1


def test_the_worker_retries_a_failing_email_then_audits_the_failure(real_broker, redis_url, expiring_key,  # noqa: F811
                                                                    settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingBackend"
    settings.PMS_NOTIFICATION_EMAIL_RETRY_DELAY = 0  # no waiting between attempts in a test
    sweep_then_start_worker(real_broker, redis_url)
    with real_broker(redis_url):
        assert wait_until(lambda: email_status() == EmailStatus.FAILED)
    notice = Notification.objects.get()
    assert notice.email_attempts == settings.PMS_NOTIFICATION_EMAIL_RETRIES + 1
    assert AuditEvent.objects.filter(event="notification_email_failed", outcome="failure").count() == 1


def test_the_worker_sends_an_email_that_failed_once(real_broker, redis_url, expiring_key, settings):  # noqa: F811
    settings.EMAIL_BACKEND = "tests.notifications.backends.FlakyBackend"
    settings.PMS_NOTIFICATION_EMAIL_RETRY_DELAY = 0
    backends.failures_left["count"] = 1
    sweep_then_start_worker(real_broker, redis_url)
    with real_broker(redis_url):
        assert wait_until(lambda: email_status() == EmailStatus.SENT)
    assert Notification.objects.get().email_attempts == 2 and len(mail.outbox) == 1
