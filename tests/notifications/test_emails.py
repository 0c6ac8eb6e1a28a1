"""Emails of notices (PRODUCT.md §9): in the recipient's language with absolute links, sent through a Celery
task with retries and back-off, audited when sent or failed, never undoing the portal notice."""

import datetime as dt

import pytest
from django.core import mail

from audit.models import AuditEvent
from notifications import services
from notifications.models import EmailStatus, Kind, Notification
from notifications.services.emails import STALE_AFTER
from tests.factories import make_partner_admin, make_partner_user

from . import backends
from .factories import (
    START,
    api_key,
    auth_partner_user,
    ca_certificate,
    chip_certificate,
    partner_certificate,
    run_at,
    sbi,
)

pytestmark = pytest.mark.django_db
EXPIRES = START + dt.timedelta(days=10, hours=6)  # 10 days left at START


@pytest.fixture(autouse=True)
def portal_url(settings):
    settings.PMS_PORTAL_URL = "https://partners.example.org"


GREETING = {"en": "Hello", "fr": "Bonjour", "ar": "مرحبًا"}


def html_of(message) -> str:
    return message.alternatives[0][0]


def test_the_email_is_written_in_the_recipients_preferred_language():
    owner = auth_partner_user(language="fr")
    key = api_key(partner=owner.partner, expires_at=EXPIRES, created_by=owner, label="production")

    run_at(START)

    [message] = mail.outbox
    assert message.subject == "[PMS] Votre clé API « production » expire dans 10 jours"
    assert "Bonjour" in message.body and "expire dans 10 jours" in message.body
    assert f"https://partners.example.org/apikeys/{key.code}/" in message.body
    assert f'href="https://partners.example.org/apikeys/{key.code}/"' in html_of(message)
    assert 'lang="fr" dir="ltr"' in html_of(message)


def test_an_arabic_email_is_right_to_left():
    make_partner_admin(username="admin", language="ar")
    ca_certificate(expires_at=EXPIRES, name="Root One")

    run_at(START)

    [message] = mail.outbox
    assert 'lang="ar" dir="rtl"' in html_of(message)
    assert "Root One" in message.subject and "شهادة" in message.subject
    assert "https://partners.example.org/certificates/trust-store/" in message.body


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_every_kind_has_a_subject_text_and_html_in_the_language_with_links(language):
    admin = make_partner_admin(username="admin", language=language)
    owner = auth_partner_user(language=language)
    device_provider = make_partner_user(type_code="device-provider", language=language)
    chip_maker = make_partner_user(type_code="ftm-provider", language=language)
    ca_certificate(expires_at=EXPIRES)
    ca_certificate(expires_at=EXPIRES, kind="intermediate")
    partner_certificate(partner=owner.partner, expires_at=EXPIRES, uploaded_by=owner)
    api_key(partner=owner.partner, expires_at=EXPIRES, created_by=owner)
    sbi(provider=device_provider.partner, expires_on=EXPIRES.date(), submitted_by=device_provider)
    chip_certificate(provider=chip_maker.partner, expires_at=EXPIRES, uploaded_by=chip_maker)

    run_at(START)
    services.send_weekly_summary(now=START)

    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds == set(Kind.values) and len(mail.outbox) == 7
    for message in mail.outbox:
        body, html = message.body, html_of(message)
        assert message.subject.startswith("[PMS] ") and len(message.subject) > 12
        assert "https://partners.example.org/" in body and 'href="https://partners.example.org/' in html
        assert "{%" not in body + html and "%(" not in body + html
        assert f'lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}"' in html
        assert (GREETING[language] in body) and (GREETING[language] in html)
    assert {message.to[0] for message in mail.outbox} == {
        user.email for user in (admin, owner, device_provider, chip_maker)}


def test_a_failing_email_backend_leaves_the_portal_notice_and_an_audited_failure(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingBackend"
    owner = auth_partner_user()
    api_key(partner=owner.partner, expires_at=EXPIRES, created_by=owner)

    report = run_at(START)

    assert (report.notices, report.emails, report.failed) == (1, 0, 1)
    notice = Notification.objects.get()
    assert notice.email_status == EmailStatus.FAILED
    assert notice.email_attempts == settings.PMS_NOTIFICATION_EMAIL_RETRIES + 1
    assert "SMTPServerDisconnected" in notice.email_error
    failure = AuditEvent.objects.get(event="notification_email_failed")
    assert failure.outcome == "failure"
    assert failure.details["notification_id"] == str(notice.code) and failure.details["type"] == "api_key"
    assert AuditEvent.objects.filter(event="notification_created", outcome="success").count() == 1


def test_an_email_that_fails_then_succeeds_is_sent_once_and_audited_once(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FlakyBackend"
    backends.failures_left["count"] = 2
    owner = auth_partner_user()
    api_key(partner=owner.partner, expires_at=EXPIRES, created_by=owner)

    report = run_at(START)

    assert (report.emails, report.failed) == (1, 0)
    assert len(mail.outbox) == 1
    notice = Notification.objects.get()
    assert (notice.email_status, notice.email_attempts) == (EmailStatus.SENT, 3)
    assert list(AuditEvent.objects.filter(event__startswith="notification_email").values_list(
        "event", flat=True)) == ["notification_email_sent"]


def test_retries_back_off_exponentially():
    delays = [services.retry_delay(retries) for retries in range(5)]

    assert 48 <= delays[0] <= 72 and 768 <= delays[4] <= 1152
    assert all(later > earlier for earlier, later in zip(delays, delays[1:], strict=False))
    assert services.retry_delay(20) <= 3600 * 1.2


def test_a_duplicated_email_task_sends_once():
    owner = auth_partner_user()
    api_key(partner=owner.partner, expires_at=EXPIRES, created_by=owner)
    run_at(START)
    notice = Notification.objects.get()

    assert services.deliver_email(notification_id=notice.pk, final=False) == "skipped"
    assert len(mail.outbox) == 1


def test_an_email_left_pending_by_a_crash_is_sent_by_the_next_run():
    owner = auth_partner_user()
    api_key(partner=owner.partner, expires_at=EXPIRES, created_by=owner)
    run_at(START)
    mail.outbox.clear()
    Notification.objects.update(email_status=EmailStatus.SENDING, email_due_at=START)  # the worker died

    report = run_at(START + STALE_AFTER + dt.timedelta(minutes=1))

    assert (report.notices, report.emails) == (0, 1)
    assert len(mail.outbox) == 1
    assert Notification.objects.get().email_status == EmailStatus.SENT


def test_a_recipient_without_email_address_gets_the_portal_notice_only():
    owner = auth_partner_user(email="")
    api_key(partner=owner.partner, expires_at=EXPIRES, created_by=owner)

    report = run_at(START)

    assert (report.notices, report.emails) == (1, 0)
    assert Notification.objects.get().email_status == EmailStatus.NONE
    assert mail.outbox == []


def test_names_are_not_html_escaped_in_subjects_and_text_bodies():
    owner = auth_partner_user()
    api_key(partner=owner.partner, expires_at=EXPIRES, created_by=owner, label="Tom & Jerry's <key>")

    run_at(START)

    [message] = mail.outbox
    assert "Tom & Jerry's <key>" in message.subject and "Tom & Jerry's <key>" in message.body
    assert "Tom &amp; Jerry&#x27;s &lt;key&gt;" in html_of(message)
