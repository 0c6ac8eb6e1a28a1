"""The daily sweep (PRODUCT.md §9), walked day by day with frozen time: every threshold fires once for each
kind, nothing else fires, a second run sends nothing, and only active items of active partners count."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEvent
from notifications.models import Kind, Notification
from notifications.rules import RULES
from notifications.services.sweep import due_items
from tests.factories import make_partner_admin, make_partner_user, make_policy_manager

from .factories import (
    START,
    api_key,
    auth_partner_user,
    ca_certificate,
    chip_certificate,
    partner_certificate,
    run_at,
    sbi,
    walk,
)

pytestmark = pytest.mark.django_db
EXPIRES = START + dt.timedelta(days=40, hours=6)  # noon on day 40 of the walk
EXPECTED = {10: 30, 25: 15, **{30 + n: 10 - n for n in range(11)}}  # walk day -> days before expiry


def make_item(kind: str):
    """One item of `kind` expiring at EXPIRES, and who must be told about it."""
    if kind in (Kind.ROOT_CA, Kind.INTERMEDIATE_CA):
        admins = [make_partner_admin(username="admin1"), make_partner_admin(username="admin2")]
        return ca_certificate(expires_at=EXPIRES, kind=kind.removesuffix("_ca")), admins
    if kind == Kind.SBI:
        owner = make_partner_user(username="owner", type_code="device-provider")
        return sbi(provider=owner.partner, expires_on=EXPIRES.date(), submitted_by=owner), [owner]
    if kind == Kind.FTM_CHIP_CERTIFICATE:
        owner = make_partner_user(username="owner", type_code="ftm-provider")
        return chip_certificate(provider=owner.partner, expires_at=EXPIRES, uploaded_by=owner), [owner]
    owner = auth_partner_user(username="owner")
    if kind == Kind.PARTNER_CERTIFICATE:
        return partner_certificate(partner=owner.partner, expires_at=EXPIRES, uploaded_by=owner), [owner]
    return api_key(partner=owner.partner, expires_at=EXPIRES, created_by=owner), [owner]


@pytest.mark.parametrize("kind", [Kind.ROOT_CA, Kind.INTERMEDIATE_CA, Kind.PARTNER_CERTIFICATE, Kind.API_KEY,
                                  Kind.SBI, Kind.FTM_CHIP_CERTIFICATE])
def test_every_threshold_fires_once_over_a_forty_day_walk(kind):
    item, recipients = make_item(kind)

    created = walk(45)

    assert {day: runs for day, runs in created.items() if any(runs)} == {
        day: [len(recipients), 0] for day in EXPECTED}
    notices = Notification.objects.filter(kind=kind, item_code=item.code)
    for recipient in recipients:
        mine = notices.filter(recipient=recipient)
        assert sorted(mine.values_list("params__days", flat=True), reverse=True) == list(EXPECTED.values())
        assert sorted(mine.values_list("threshold", flat=True), reverse=True) == list(EXPECTED.values())
    assert len(mail.outbox) == len(EXPECTED) * len(recipients)


def test_after_a_run_the_sweeps_query_finds_nothing_due_for_any_kind():
    make_partner_admin(username="admin")
    ca_certificate(expires_at=EXPIRES)
    owner = auth_partner_user()
    partner_certificate(partner=owner.partner, expires_at=EXPIRES, uploaded_by=owner)
    api_key(partner=owner.partner, expires_at=EXPIRES, created_by=owner)
    device_provider, chip_maker = (make_partner_user(type_code=code) for code in ("device-provider", "ftm-provider"))
    sbi(provider=device_provider.partner, expires_on=EXPIRES.date(), submitted_by=device_provider)
    chip_certificate(provider=chip_maker.partner, expires_at=EXPIRES, uploaded_by=chip_maker)
    moment = START + dt.timedelta(days=33)

    assert run_at(moment).notices == 5
    with time_machine.travel(moment + dt.timedelta(hours=1), tick=False):
        assert {kind: due_items(rule, now=timezone.now()) for kind, rule in RULES.items()} == {
            kind: [] for kind in RULES}  # the re-run inserts nothing: SQL already left every item out


def test_a_scheduler_down_for_days_catches_up_with_one_notice_at_the_latest_threshold():
    ca, _admins = make_item(Kind.ROOT_CA)

    run_at(START + dt.timedelta(days=12))  # 28 days left: the 30-day notice was missed
    run_at(START + dt.timedelta(days=33))  # 7 days left: 15, 10, 9 and 8 were missed

    notices = Notification.objects.filter(item_code=ca.code, recipient__username="admin1")
    assert sorted(notices.values_list("threshold", "params__days")) == [(7, 7), (30, 28)]
    assert run_at(START + dt.timedelta(days=33, hours=1)).notices == 0


def test_an_item_expiring_in_more_than_thirty_days_is_not_notified_yet():
    make_item(Kind.API_KEY)

    assert run_at(EXPIRES - dt.timedelta(days=31, hours=1)).notices == 0


def test_an_item_already_expired_is_not_notified():
    make_item(Kind.API_KEY)

    assert run_at(EXPIRES + dt.timedelta(minutes=1)).notices == 0


def test_on_the_day_of_expiry_the_item_is_notified_until_it_expires():
    make_item(Kind.API_KEY)

    report = run_at(EXPIRES - dt.timedelta(hours=2))

    assert report.notices == 1
    assert Notification.objects.get().params["days"] == 0


def test_deactivated_items_and_items_of_deactivated_partners_are_skipped():
    make_partner_admin(username="admin")
    ca_certificate(expires_at=EXPIRES, status="deactivated")
    ca_certificate(expires_at=EXPIRES, chain_deactivated=True)
    owner = auth_partner_user()
    api_key(partner=owner.partner, expires_at=EXPIRES, created_by=owner, status="deactivated")
    partner_certificate(partner=owner.partner, expires_at=EXPIRES, uploaded_by=owner, status="replaced")
    gone = auth_partner_user()
    api_key(partner=gone.partner, expires_at=EXPIRES, created_by=gone)
    partner_certificate(partner=gone.partner, expires_at=EXPIRES, uploaded_by=gone)
    gone.partner.status = "deactivated"
    gone.partner.save()
    device_provider = make_partner_user(type_code="device-provider")
    sbi(provider=device_provider.partner, expires_on=EXPIRES.date(), submitted_by=device_provider,
        status="deactivated")
    sbi(provider=device_provider.partner, expires_on=EXPIRES.date(), submitted_by=device_provider,
        status="pending")
    chip_maker = make_partner_user(type_code="ftm-provider")
    chip_certificate(provider=chip_maker.partner, expires_at=EXPIRES, uploaded_by=chip_maker,
                     chip_status="deactivated")
    chip_certificate(provider=chip_maker.partner, expires_at=EXPIRES, uploaded_by=chip_maker, status="replaced")
    untrusted = chip_certificate(provider=chip_maker.partner, expires_at=EXPIRES, uploaded_by=chip_maker)
    untrusted.issuer_ca.status = "deactivated"
    untrusted.issuer_ca.save()

    assert run_at(START + dt.timedelta(days=30)).notices == 0


def test_every_active_partner_admin_is_told_about_a_ca_certificate_individually():
    admins = [make_partner_admin(username=f"admin{n}") for n in range(3)]
    retired = make_partner_admin(username="retired", is_active=False)
    make_policy_manager(username="policies")
    auth_partner_user()
    ca = ca_certificate(expires_at=EXPIRES)

    run_at(START + dt.timedelta(days=30))

    told = set(Notification.objects.filter(item_code=ca.code).values_list("recipient__username", flat=True))
    assert told == {admin.username for admin in admins}
    assert retired.username not in told
    assert sorted(message.to[0] for message in mail.outbox) == sorted(admin.email for admin in admins)


def test_a_partner_item_goes_to_the_user_who_uploaded_it_only():
    uploader = auth_partner_user(username="uploader")
    colleague = auth_partner_user(username="colleague", partner=uploader.partner)
    partner_certificate(partner=uploader.partner, expires_at=EXPIRES, uploaded_by=uploader)
    api_key(partner=uploader.partner, expires_at=EXPIRES, created_by=colleague)

    run_at(START + dt.timedelta(days=30))

    assert set(Notification.objects.values_list("recipient__username", "kind")) == {
        ("uploader", Kind.PARTNER_CERTIFICATE), ("colleague", Kind.API_KEY)}


@pytest.mark.parametrize("uploader", ["inactive", "admin", "none"])
def test_without_its_uploader_a_partner_item_goes_to_the_partners_active_users(uploader):
    first = auth_partner_user(username="first", is_active=uploader != "inactive")
    auth_partner_user(username="second", partner=first.partner)
    auth_partner_user(username="third", partner=first.partner, is_active=False)
    auth_partner_user(username="stranger")
    by = {"inactive": first, "admin": make_partner_admin(username="admin"), "none": None}[uploader]
    partner_certificate(partner=first.partner, expires_at=EXPIRES, uploaded_by=by)

    run_at(START + dt.timedelta(days=30))

    expected = {"second"} if uploader == "inactive" else {"first", "second"}
    assert set(Notification.objects.filter(kind=Kind.PARTNER_CERTIFICATE)
               .values_list("recipient__username", flat=True)) == expected


def test_a_partner_certificate_expires_with_the_earlier_of_its_two_copies_and_says_which():
    owner = auth_partner_user()
    certificate = partner_certificate(partner=owner.partner, expires_at=EXPIRES + dt.timedelta(days=200),
                                      signed_expires_at=EXPIRES, uploaded_by=owner)

    run_at(START + dt.timedelta(days=30))

    notice = Notification.objects.get(item_code=certificate.code)
    assert notice.params["expiring_copy"] == "platform_signed"
    assert notice.params["days"] == 10
    assert "platform-signed certificate expires first" in notice.rendered.detail


def test_an_sbi_is_valid_through_its_expiry_date(settings):
    settings.TIME_ZONE = "Asia/Dubai"
    owner = make_partner_user(type_code="device-provider")
    item = sbi(provider=owner.partner, expires_on=dt.date(2030, 1, 17), submitted_by=owner)

    run_at(dt.datetime(2030, 1, 16, 23, 0, tzinfo=dt.UTC))  # 17 January, 03:00 in Dubai: its last day
    after = run_at(dt.datetime(2030, 1, 17, 21, 0, tzinfo=dt.UTC))  # 18 January in Dubai: expired

    notice = Notification.objects.get(item_code=item.code)
    assert notice.params["days"] == 0 and after.notices == 0
    assert "expires today" in notice.rendered.message


def test_an_ftm_chip_certificate_expires_with_the_earlier_of_its_two_copies():
    owner = make_partner_user(type_code="ftm-provider")
    certificate = chip_certificate(provider=owner.partner, expires_at=EXPIRES + dt.timedelta(days=90),
                                   signed_expires_at=EXPIRES, uploaded_by=owner)

    run_at(START + dt.timedelta(days=35))

    notice = Notification.objects.get(item_code=certificate.code)
    assert (notice.params["days"], notice.params["expiring_copy"]) == (5, "platform_signed")
    assert notice.rendered.item_url == f"/devices/ftm/{certificate.chip.code}/"


def test_the_day_is_counted_in_the_portals_time_zone(settings):
    settings.TIME_ZONE = "Pacific/Auckland"  # UTC+13 in January
    owner = auth_partner_user()
    # 11:30 UTC on 16 January is 00:30 on 17 January in Auckland.
    api_key(partner=owner.partner, expires_at=dt.datetime(2030, 1, 16, 11, 30, tzinfo=dt.UTC), created_by=owner)

    run_at(dt.datetime(2030, 1, 6, 12, 0, tzinfo=dt.UTC))  # 7 January, 01:00 in Auckland: 10 days left

    assert Notification.objects.get().params["days"] == 10


def test_each_notice_is_audited_with_its_notification_id_and_type():
    make_item(Kind.API_KEY)

    run_at(START + dt.timedelta(days=30))

    notice = Notification.objects.get()
    event = AuditEvent.objects.get(event="notification_created")
    assert event.details["notification_id"] == str(notice.code)
    assert event.details["type"] == "api_key"
    assert event.reference_id == str(notice.code) and event.module == "notifications"
    assert AuditEvent.objects.filter(event="notification_email_sent", details__notification_id=str(notice.code),
                                     outcome="success").count() == 1


def test_the_sweep_runs_the_same_queries_for_one_item_and_for_many():
    owner = auth_partner_user(email="")  # no email: counts only the sweep's own queries
    make_partner_admin(username="admin", email="")

    def queries_for(count: int, offset: int) -> int:
        for _ in range(count):
            api_key(partner=owner.partner, expires_at=EXPIRES + dt.timedelta(days=offset), created_by=owner)
            partner_certificate(partner=auth_partner_user(email="").partner,
                                expires_at=EXPIRES + dt.timedelta(days=offset))
            ca_certificate(expires_at=EXPIRES + dt.timedelta(days=offset))
        with CaptureQueriesContext(connection) as queries:
            report = run_at(START + dt.timedelta(days=30 + offset))
        assert report.notices >= 3 * count
        return len(queries)

    assert queries_for(1, 0) == queries_for(25, 1)
