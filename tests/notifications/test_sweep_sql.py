"""The sweep's two paths are the same sweep (issue 9, point 8): on PostgreSQL the due notices are computed in
SQL (services/sweep_sql.py), elsewhere in Python (sweep.due_rows); here both run on the same rows, at many
moments and in several time zones, and must give the same notices, parameters and audit details."""

import datetime as dt
import json
import zoneinfo

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

from audit.models import AuditEvent
from audit.services import verify_chain
from notifications import schedule
from notifications.models import Notification
from notifications.rules import RULES
from notifications.services import sweep_sql
from notifications.services.sweep import due_rows
from partners.selectors import partner_admins
from tests.factories import make_partner_admin, make_partner_user

from .factories import START, api_key, auth_partner_user, ca_certificate, chip_certificate, partner_certificate, run_at
from .factories import sbi as make_sbi

pytestmark = pytest.mark.django_db
COMPARED = ["recipient_id", "kind", "item_code", "item_name", "item_expires_at", "threshold", "next_due_at",
            "params", "email_status"]


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the SQL path is PostgreSQL's (CI runs it)")


def items_of_every_kind():
    """Items of every kind expiring at awkward moments (fractions of seconds, just before and after local
    midnight), with valid, inactive, foreign and missing owners, and users without an email address."""
    make_partner_admin(username="admin1")
    make_partner_admin(username="admin2", email="")
    moments = [START + dt.timedelta(days=days, hours=hours, microseconds=micro)
               for days, hours, micro in [(0, 1, 0), (3, 17, 250), (9, 12, 999_999), (10, 18, 0), (14, 23, 1_500),
                                          (15, 0, 0), (21, 5, 0), (29, 17, 123_456), (30, 12, 0)]]
    for number, moment in enumerate(moments):
        owner = auth_partner_user(email="" if number == 3 else f"owner{number}@example.org")
        auth_partner_user(partner=owner.partner)
        inactive = auth_partner_user(partner=owner.partner, is_active=False)
        stranger = auth_partner_user()
        uploader = [owner, inactive, stranger, None][number % 4]
        partner_certificate(partner=owner.partner, expires_at=moment + dt.timedelta(days=number % 2 * 50),
                            signed_expires_at=moment, uploaded_by=uploader, name="" if number == 5 else None)
        api_key(partner=owner.partner, expires_at=moment, created_by=[owner, None][number % 2],
                label="" if number == 4 else None)
        ca_certificate(expires_at=moment, kind=["root", "intermediate"][number % 2])
        provider = make_partner_user(type_code="device-provider")
        make_sbi(provider=provider.partner, expires_on=moment.date(), submitted_by=[provider, None][number % 2])
        chip_maker = make_partner_user(type_code="ftm-provider")
        chip_certificate(provider=chip_maker.partner, expires_at=moment + dt.timedelta(days=number % 3 * 40),
                         signed_expires_at=moment, uploaded_by=[chip_maker, stranger][number % 2])


def python_rows(rule, now) -> list[tuple]:
    admins = list(partner_admins().values_list("pk", "email"))
    return sorted(_comparable(row) for row in due_rows(rule, now=now, admins=admins))


def sql_rows(rule, now) -> list[tuple]:
    select, params = sweep_sql.due_notices_sql(rule, now=now, created_at=now)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(COMPARED)} FROM ({select}) AS due", params)
        rows = [dict(zip(COMPARED, values, strict=True)) for values in cursor.fetchall()]
    return sorted(_comparable(row) for row in rows)


def _comparable(row: dict) -> tuple:
    params = row["params"] if isinstance(row["params"], dict) else json.loads(row["params"])
    return tuple(json.dumps(params, sort_keys=True) if key == "params" else row[key] for key in COMPARED)


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland", "Asia/Dubai", "America/Santiago"])
def test_sql_and_python_compute_the_same_due_notices(settings, zone):
    settings.TIME_ZONE = zone
    items_of_every_kind()
    compared = 0

    for hours in range(0, 33 * 24, 11):
        now = START + dt.timedelta(hours=hours, microseconds=hours)
        for rule in RULES.values():
            expected = python_rows(rule, now)
            assert sql_rows(rule, now) == expected, (rule.kind, now)
            compared += len(expected)

    assert compared > 1000  # the walk did compare notices of every kind
    assert {row[1] for rule in RULES.values() for row in python_rows(rule, START + dt.timedelta(days=5))} == set(RULES)


def test_each_notice_the_sql_path_creates_has_the_audit_event_record_would_write():
    items_of_every_kind()

    report = run_at(START + dt.timedelta(days=6, hours=3))

    assert report.notices == Notification.objects.count() > 20
    events = {event.reference_id: event for event in AuditEvent.objects.filter(event="notification_created")}
    assert len(events) == report.notices
    for notice in Notification.objects.all():
        event = events[str(notice.code)]
        expected = {"notification_id": str(notice.code), "type": notice.kind, "channel": "portal",
                    "recipient_id": notice.recipient_id, "item": str(notice.item_code), "item_name": notice.item_name,
                    "days_before": notice.threshold, "expires_at": notice.item_expires_at, "week_of": None}
        assert event.details == json.loads(json.dumps(expected, cls=DjangoJSONEncoder))
        assert (event.module, event.actor, event.outcome, event.reference_type) == (
            "notifications", "system", "success", "notifications.Notification")
    assert verify_chain().ok


def test_the_sql_path_leaves_each_item_with_a_current_notice():
    items_of_every_kind()
    now = START + dt.timedelta(days=2)

    run_at(now)

    assert run_at(now + dt.timedelta(hours=1)).notices == 0
    assert all(sql_rows(rule, now) == [] for rule in RULES.values())
    later = now + dt.timedelta(days=1)
    assert [sql_rows(rule, later) for rule in RULES.values()] == [python_rows(rule, later) for rule in RULES.values()]


def test_a_dry_run_counts_what_the_sweep_then_creates():
    items_of_every_kind()
    now = START + dt.timedelta(days=4)

    dry = run_at(now, dry_run=True)
    real = run_at(now)

    assert (dry.notices, dry.emails, dry.by_kind) == (real.notices, real.emails, real.by_kind)
    assert set(real.by_kind) == set(RULES) and Notification.objects.count() == real.notices


# Days whose local midnight does not exist (a gap) or happens twice (a fold).
MIDNIGHT_TRANSITIONS = [("America/Santiago", dt.date(2030, 9, 8)), ("Asia/Beirut", dt.date(2030, 3, 31)),
                        ("America/Havana", dt.date(2030, 11, 3)), ("America/Santiago", dt.date(2030, 4, 7))]


@pytest.mark.parametrize(("zone", "day"), MIDNIGHT_TRANSITIONS)
def test_sql_and_python_agree_across_a_clock_change_at_local_midnight(settings, zone, day):
    settings.TIME_ZONE = zone
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(dt.UTC)
    provider = make_partner_user(type_code="device-provider")
    for days in (0, 1, 10, 15, 30):  # expiries on the day, and threshold days starting on it
        for hours in (-3, -1, 0, 1, 2, 4):
            moment = midnight + dt.timedelta(days=days, hours=hours, microseconds=days)
            owner = auth_partner_user()
            partner_certificate(partner=owner.partner, expires_at=moment, uploaded_by=owner)
            api_key(partner=owner.partner, expires_at=moment, created_by=owner)
        make_sbi(provider=provider.partner, expires_on=day + dt.timedelta(days=days - 1), submitted_by=provider)
    rules = [RULES[kind] for kind in ("partner_certificate", "api_key", "sbi")]
    compared = 0

    for hours in range(-50, 80, 3):
        now = midnight + dt.timedelta(hours=hours)
        for rule in rules:
            expected = python_rows(rule, now)
            assert sql_rows(rule, now) == expected, (rule.kind, now)
            compared += len(expected)

    assert compared > 500


ORDINARY_DAYS = [("UTC", dt.date(2030, 1, 7)), ("Europe/Paris", dt.date(2030, 3, 31)),
                 ("Asia/Kolkata", dt.date(2030, 6, 1))]


@pytest.mark.parametrize(("zone", "day"), [*MIDNIGHT_TRANSITIONS, *ORDINARY_DAYS])
def test_a_day_computed_in_sql_starts_where_python_starts_it(settings, zone, day):
    settings.TIME_ZONE = zone
    for date in (day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {sweep_sql.start_of_day_sql(f'DATE {date.isoformat()!r}', zone)}")
            assert cursor.fetchone()[0] == schedule.start_of(date), date
