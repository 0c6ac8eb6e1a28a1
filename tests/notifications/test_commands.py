"""The ops interface (PRODUCT.md §9, §11): `send_expiry_notifications` and `purge_notifications`, the tasks
Celery beat runs, and the 60-day retention."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from notifications import tasks
from notifications.models import Notification
from pms.celery import app
from tests.factories import make_partner_admin

from .factories import START, api_key, auth_partner_user, ca_certificate, run_at

pytestmark = pytest.mark.django_db


def command(name: str, *args, at: dt.datetime = START) -> list[str]:
    out = StringIO()
    with time_machine.travel(at, tick=False):
        call_command(name, *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.fixture
def expiring():
    make_partner_admin(username="admin")
    owner = auth_partner_user()
    api_key(partner=owner.partner, expires_at=START + dt.timedelta(days=15), created_by=owner)
    ca_certificate(expires_at=START + dt.timedelta(days=3))


def test_the_command_ends_with_the_counts_and_a_second_run_sends_nothing(expiring):
    first = command("send_expiry_notifications")
    second = command("send_expiry_notifications", at=START + dt.timedelta(hours=2))

    assert first[-1] == "3 notices, 3 emails, 0 failed"  # API key, CA certificate, weekly summary
    assert second[-1] == "0 notices, 0 emails, 0 failed"
    assert len(mail.outbox) == 3


def test_the_command_runs_as_of_a_date(expiring):
    lines = command("send_expiry_notifications", "--as-of", "2030-01-17")  # the API key has 5 days left

    assert lines[-1] == "2 notices, 2 emails, 0 failed"  # the CA certificate expired on the 10th
    assert Notification.objects.get(kind="api_key").params["days"] == 5


def test_a_dry_run_counts_and_changes_nothing(expiring):
    lines = command("send_expiry_notifications", "--dry-run")

    assert lines[-1] == "3 notices, 3 emails, 0 failed"
    assert not Notification.objects.exists() and mail.outbox == []


def test_a_failed_email_shows_in_the_counts(expiring, settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingBackend"

    assert command("send_expiry_notifications")[-1] == "3 notices, 0 emails, 3 failed"


@pytest.mark.parametrize("value", ["2030-13-01", "tomorrow", "01/02/2030"])
def test_a_malformed_date_is_refused(value):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_expiry_notifications", "--as-of", value)


def test_notices_older_than_sixty_days_are_purged(expiring):
    run_at(START)
    kept = Notification.objects.count()
    run_at(START + dt.timedelta(days=10))  # the API key's 10-day notice

    lines = command("purge_notifications", at=START + dt.timedelta(days=60, hours=1))

    assert lines == [f"Deleted {kept} notifications older than 60 days."]
    assert Notification.objects.count() == 1
    assert AuditEvent.objects.get(event="notifications_purged").details["count"] == kept


def test_purge_keeps_notices_younger_than_sixty_days(expiring):
    run_at(START)

    assert command("purge_notifications", at=START + dt.timedelta(days=59, hours=23)) == [
        "Deleted 0 notifications older than 60 days."]
    assert Notification.objects.count() == 2


def test_purge_takes_another_period_and_a_dry_run(expiring):
    run_at(START)

    assert command("purge_notifications", "--older-than-days", "5", "--dry-run", at=START + dt.timedelta(days=6)) \
        == ["Would delete 2 notifications older than 5 days."]
    assert Notification.objects.count() == 2
    with pytest.raises(CommandError, match="1 or more"):
        call_command("purge_notifications", "--older-than-days", "0")


def test_the_scheduled_tasks_run_the_same_services(expiring):
    with time_machine.travel(START, tick=False):
        assert tasks.send_expiry_notifications_task.delay().get() == "3 notices, 3 emails, 0 failed"
        assert tasks.send_weekly_summary_task.delay().get() == "0 notices, 0 emails, 0 failed"
    with time_machine.travel(START + dt.timedelta(days=61), tick=False):
        assert tasks.purge_notifications_task.delay().get() == 3


def test_celery_beat_runs_the_sweep_daily_the_summary_weekly_and_the_purge_daily():
    app.loader.import_default_modules()
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    sweep = schedule["notifications.tasks.send_expiry_notifications_task"]
    summary = schedule["notifications.tasks.send_weekly_summary_task"]
    purge = schedule["notifications.tasks.purge_notifications_task"]
    assert sweep.hour == {6} and sweep.day_of_week == set(range(7))
    assert summary.day_of_week == {1}  # Monday in cron's numbering
    assert purge.day_of_week == set(range(7))
    assert str(app.conf.timezone) == settings.TIME_ZONE


def test_the_demo_data_gives_the_demo_admin_this_weeks_summary(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_data", stdout=StringIO())

    assert Notification.objects.filter(kind="weekly_summary", recipient__username="admin").count() == 1
