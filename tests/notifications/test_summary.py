"""The weekly summary for partner admins (PRODUCT.md §9): partner items expiring within 7 days, once per admin
and week, sent and audited even when nothing expires."""

import datetime as dt

import pytest
from django.core import mail

from audit.models import AuditEvent
from notifications import services
from notifications.models import Kind, Notification
from tests.factories import make_partner_admin, make_partner_user

from .factories import START, api_key, auth_partner_user, ca_certificate, chip_certificate, partner_certificate, sbi

pytestmark = pytest.mark.django_db


def summaries():
    return Notification.objects.filter(kind=Kind.WEEKLY_SUMMARY)


def test_the_summary_is_sent_and_audited_even_when_nothing_expires():
    admin = make_partner_admin(username="admin")

    report = services.send_weekly_summary(now=START)

    assert (report.notices, report.emails) == (1, 1)
    notice = summaries().get()
    assert notice.recipient == admin and notice.params["total"] == 0 and notice.params["items"] == []
    assert "No partner item expires" in notice.rendered.message
    event = AuditEvent.objects.get(event="notification_created")
    assert event.details["type"] == "weekly_summary" and event.details["notification_id"] == str(notice.code)
    assert AuditEvent.objects.filter(event="notification_email_sent").count() == 1
    assert "nothing expires within 7 days" in mail.outbox[0].subject


def test_the_summary_lists_partner_items_expiring_within_seven_days_only():
    make_partner_admin(username="admin")
    owner = auth_partner_user(partner__organization_name="Acme Bank")
    soon = START + dt.timedelta(days=7, hours=12)  # the last day of the window
    certificate = partner_certificate(partner=owner.partner, expires_at=soon, uploaded_by=owner, name="acme cert")
    key = api_key(partner=owner.partner, expires_at=START + dt.timedelta(days=2), created_by=owner, label="prod")
    api_key(partner=owner.partner, expires_at=START + dt.timedelta(days=8, hours=1), created_by=owner)  # too late
    api_key(partner=owner.partner, expires_at=START + dt.timedelta(days=1), created_by=owner, status="deactivated")
    ca_certificate(expires_at=START + dt.timedelta(days=3))  # CAs are notified individually, not summarized

    services.send_weekly_summary(now=START)

    params = summaries().get().params
    assert params["counts"] == {"partner_certificate": 1, "api_key": 1, "sbi": 0, "ftm_chip_certificate": 0}
    assert params["total"] == 2
    assert [(item["kind"], item["code"]) for item in params["items"]] == [
        ("api_key", str(key.code)), ("partner_certificate", str(certificate.code))]
    assert params["items"][0]["organization"] == "Acme Bank"
    assert "Acme Bank" in mail.outbox[0].body and "acme cert" in mail.outbox[0].alternatives[0][0]


def test_each_partner_admin_gets_the_summary_once_a_week():
    make_partner_admin(username="admin1")
    make_partner_admin(username="admin2")

    first = services.send_weekly_summary(now=START)
    again = services.send_weekly_summary(now=START + dt.timedelta(days=3))
    next_week = services.send_weekly_summary(now=START + dt.timedelta(days=7))

    assert (first.notices, again.notices, next_week.notices) == (2, 0, 2)
    assert set(summaries().values_list("week_of", flat=True)) == {START.date(), START.date() + dt.timedelta(days=7)}


def test_a_new_partner_admin_gets_this_weeks_summary_on_the_next_run():
    make_partner_admin(username="admin1")
    services.send_weekly_summary(now=START)
    make_partner_admin(username="admin2")

    assert services.send_weekly_summary(now=START + dt.timedelta(days=1)).notices == 1


def test_the_summary_week_starts_on_the_configured_day(settings):
    settings.PMS_WEEKLY_SUMMARY_WEEKDAY = 3  # Thursday
    make_partner_admin(username="admin")

    services.send_weekly_summary(now=START)  # a Monday: the week began the Thursday before

    assert summaries().get().week_of == START.date() - dt.timedelta(days=4)


def test_the_summary_lists_at_most_a_hundred_items_and_counts_them_all():
    make_partner_admin(username="admin")
    owner = auth_partner_user()
    for hours in range(105):
        api_key(partner=owner.partner, expires_at=START + dt.timedelta(hours=hours + 1), created_by=owner)

    services.send_weekly_summary(now=START)

    params = summaries().get().params
    assert (params["total"], len(params["items"]), params["truncated"]) == (105, 100, True)


def test_the_summary_covers_sbis_and_ftm_chip_certificates_with_links_for_the_admin(client):
    admin = make_partner_admin(username="admin")
    device_provider = make_partner_user(type_code="device-provider", partner__organization_name="Scan Co")
    chip_maker = make_partner_user(type_code="ftm-provider", partner__organization_name="Chip Co")
    item = sbi(provider=device_provider.partner, expires_on=START.date() + dt.timedelta(days=6))
    certificate = chip_certificate(provider=chip_maker.partner, expires_at=START + dt.timedelta(days=1))

    services.send_weekly_summary(now=START)

    notice = summaries().get()
    assert notice.params["counts"]["sbi"] == 1 and notice.params["counts"]["ftm_chip_certificate"] == 1
    client.force_login(admin)
    html = client.get(notice.get_absolute_url()).content.decode()
    assert f"/devices/review/sbis/{item.code}/" in html and f"/devices/review/ftm/{certificate.chip.code}/" in html
    assert "Scan Co" in html and "Chip Co" in html
