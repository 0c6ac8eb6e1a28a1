"""SBIs (§7): the rules of registration (each date rule at its boundary), the decision, the cascade."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import IntegrityError

from audit.models import AuditEvent
from devices import services
from devices.models import Device, Sbi
from tests.factories import make_partner_admin

from .factories import add_device, approved_sbi, make_device_provider, register_sbi

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)


@pytest.fixture
def frozen():
    """Noon on 10 March 2026 in the portal's time zone (UTC in tests)."""
    with time_machine.travel("2026-03-10 12:00:00+00:00", tick=False) as traveller:
        yield traveller


@pytest.fixture
def dave(db):
    return make_partner_admin(username="dave")


def submit(user, *, creation_date=TODAY - timedelta(days=1), expiry_date=TODAY + timedelta(days=365), **kwargs):
    values = {"version": "1.0.0", "binary_hash": "a1b2c3d4" * 8, **kwargs}
    return services.register_sbi(provider=user.partner, creation_date=creation_date, expiry_date=expiry_date,
                                 actor=user, **values)


def test_a_device_provider_registers_an_sbi_pending_approval_and_audited(dina):
    sbi = submit(dina)
    assert sbi.status == Sbi.Status.PENDING and sbi.provider == dina.partner and sbi.submitted_by == dina
    event = AuditEvent.objects.get(event="sbi_registered")
    assert event.actor == "dina" and event.details["version"] == "1.0.0"


DATE_CASES = {
    # name: (creation, expiry, refusal code or None)
    "created today": (TODAY, TODAY + timedelta(days=1), None),
    "created tomorrow": (TODAY + timedelta(days=1), TODAY + timedelta(days=2), "creation_in_future"),
    "created exactly 10 years ago": (date(2016, 3, 10), TODAY + timedelta(days=1), None),
    "created 10 years and a day ago": (date(2016, 3, 9), TODAY + timedelta(days=1), "creation_too_old"),
    "expiring the day after creation": (TODAY - timedelta(days=5), TODAY + timedelta(days=1), None),
    "expiring on its creation date": (TODAY, TODAY, "expiry_before_creation"),
    "expiring before creation": (TODAY - timedelta(days=1), TODAY - timedelta(days=2), "expiry_before_creation"),
    "expiring today": (TODAY - timedelta(days=5), TODAY, "expiry_not_after_today"),
    "expiring tomorrow": (TODAY - timedelta(days=5), TODAY + timedelta(days=1), None),
    "expiring exactly 10 years ahead": (TODAY, date(2036, 3, 10), None),
    "expiring 10 years and a day ahead": (TODAY, date(2036, 3, 11), "expiry_too_far"),
}


@pytest.mark.parametrize("case", list(DATE_CASES))
def test_sbi_dates_follow_the_rules_at_their_boundaries(frozen, dina, refusal, case):
    creation, expiry, code = DATE_CASES[case]
    if code is None:
        assert submit(dina, creation_date=creation, expiry_date=expiry).expiry_date == expiry
    else:
        assert refusal(submit, user=dina, creation_date=creation, expiry_date=expiry).code == code
        assert not Sbi.objects.exists()


def test_each_date_refusal_has_its_own_translated_message(frozen, dina, refusal):
    messages = {refusal(submit, user=dina, creation_date=creation, expiry_date=expiry).message
                for creation, expiry, code in DATE_CASES.values() if code}
    assert len(messages) == 5
    assert "The creation date cannot be in the future." in messages


def test_date_refusals_name_the_field(frozen, dina, refusal):
    assert refusal(submit, user=dina, creation_date=TODAY + timedelta(days=1)).field == "creation_date"
    assert refusal(submit, user=dina, expiry_date=TODAY).field == "expiry_date"


def test_dates_are_days_in_the_portals_time_zone(db, refusal, settings):
    settings.TIME_ZONE = "Pacific/Auckland"  # 23:30 UTC on 9 March is already 10 March there
    with time_machine.travel("2026-03-09 23:30:00+00:00", tick=False):
        dina = make_device_provider("dina", "Dina Devices")
        assert refusal(submit, user=dina, creation_date=TODAY - timedelta(days=1), expiry_date=TODAY).code == (
            "expiry_not_after_today")
        assert submit(dina, creation_date=TODAY).creation_date == TODAY


def test_ten_years_from_29_february_is_28_february(db, refusal):
    with time_machine.travel("2028-02-29 12:00:00+00:00", tick=False):
        dina = make_device_provider("dina", "Dina Devices")
        assert submit(dina, creation_date=date(2018, 2, 28), expiry_date=date(2038, 2, 28)).pk
        assert refusal(submit, user=dina, version="2", creation_date=date(2018, 2, 27)).code == "creation_too_old"


def test_version_is_unique_per_provider_ignoring_case(dina, erik, refusal):
    submit(dina, version="1.0.0-RC")
    error = refusal(submit, user=dina, version="1.0.0-rc")
    assert error.code == "version_taken" and error.field == "version"
    assert submit(erik, version="1.0.0-RC").pk  # another provider may use the same version


def test_a_rejected_version_can_be_submitted_again(dina):
    admin = make_partner_admin(username="dave")
    services.reject_sbi(sbi=submit(dina), actor=admin, reason="Wrong hash")
    assert submit(dina).status == Sbi.Status.PENDING


def test_the_database_refuses_two_open_sbis_with_the_same_version(dina):
    Sbi.objects.create(provider=dina.partner, version="9", binary_hash="x", creation_date=TODAY,
                       expiry_date=TODAY + timedelta(days=1))
    with pytest.raises(IntegrityError):
        Sbi.objects.create(provider=dina.partner, version="9", binary_hash="x", creation_date=TODAY,
                           expiry_date=TODAY + timedelta(days=1))


@pytest.mark.parametrize("version", ["", "   ", "v" * 65, "1.0\x00"])
def test_a_bad_version_is_refused(dina, refusal, version):
    assert refusal(submit, user=dina, version=version).field == "version"


def test_the_version_is_trimmed_and_may_have_64_characters(dina):
    assert submit(dina, version="  " + "v" * 64 + " ").version == "v" * 64


@pytest.mark.parametrize("binary_hash", ["", "has space", "x" * 257, "é"])
def test_a_bad_binary_hash_is_refused(dina, refusal, binary_hash):
    assert refusal(submit, user=dina, binary_hash=binary_hash).code == "binary_hash_invalid"


def test_a_provider_without_a_valid_certificate_cannot_register(db, refusal):
    user = make_device_provider("nocert", "No Cert Devices", certified=False)
    assert refusal(submit, user=user).code == "certificate_required"


def test_an_authentication_partner_cannot_register_an_sbi(alice, refusal):
    assert refusal(submit, user=alice).code == "not_a_device_provider"


def test_admin_approves_a_pending_sbi_with_a_note(dina, dave):
    sbi = services.approve_sbi(sbi=submit(dina), actor=dave, note="Checked the hash")
    sbi.refresh_from_db()
    assert sbi.status == Sbi.Status.APPROVED and sbi.decided_by == dave and sbi.comment == "Checked the hash"
    assert AuditEvent.objects.filter(event="sbi_approved", actor="dave").count() == 1


def test_admin_rejects_with_a_required_reason(dina, dave, refusal):
    sbi = submit(dina)
    assert refusal(services.reject_sbi, sbi=sbi, actor=dave, reason="  ").code == "reason_required"
    services.reject_sbi(sbi=sbi, actor=dave, reason="The hash does not match the binary")
    sbi.refresh_from_db()
    assert sbi.status == Sbi.Status.REJECTED and sbi.shown_comment == "The hash does not match the binary"


def test_a_decided_sbi_cannot_be_decided_again(dina, dave, refusal):
    sbi = services.approve_sbi(sbi=submit(dina), actor=dave)
    assert refusal(services.approve_sbi, sbi=sbi, actor=dave).code == "sbi_not_pending"
    assert refusal(services.reject_sbi, sbi=sbi, actor=dave, reason="No").code == "sbi_not_pending"


def test_a_pending_sbi_past_its_expiry_cannot_be_approved(dave, refusal):
    with time_machine.travel("2026-03-10 12:00:00+00:00", tick=False):
        dina = make_device_provider("dina", "Dina Devices")
        sbi = submit(dina, expiry_date=date(2026, 3, 11))
    with time_machine.travel("2026-03-11 23:59:00+00:00", tick=False):
        assert not sbi.is_expired  # the expiry date is its last valid day
    with time_machine.travel("2026-03-12 00:01:00+00:00", tick=False):
        assert sbi.display_status == "expired"
        assert refusal(services.approve_sbi, sbi=sbi, actor=dave).code == "sbi_expired"


def test_deactivating_an_sbi_deactivates_approved_devices_and_rejects_pending_ones(dina, dave):
    sbi = approved_sbi(dina, dave)
    approved = services.approve_device(device=add_device(dina, sbi), actor=dave)
    pending = add_device(dina, sbi)
    rejected = services.reject_device(device=add_device(dina, sbi), actor=dave, reason="Blurry")
    assert services.cascade_preview(sbi) == services.Cascade(deactivated=1, rejected=1)

    cascade = services.deactivate_sbi(sbi=sbi, actor=dina)

    assert cascade == services.Cascade(deactivated=1, rejected=1)
    statuses = {d.pk: (d.status, d.deactivation_reason) for d in Device.objects.all()}
    assert statuses[approved.pk] == ("deactivated", "sbi_deactivated")
    assert statuses[pending.pk] == ("rejected", "sbi_deactivated")
    assert statuses[rejected.pk] == ("rejected", "")
    sbi.refresh_from_db()
    assert sbi.status == Sbi.Status.DEACTIVATED and sbi.deactivation_reason == "by_provider"
    assert AuditEvent.objects.get(event="sbi_deactivated").details["devices_deactivated"] == 1
    assert AuditEvent.objects.filter(event__in=["device_deactivated", "device_rejected"],
                                     details__cause="sbi_deactivated").count() == 2


def test_a_cascade_rejection_is_explained_in_the_readers_language(dina, dave):
    from django.utils import translation

    sbi = approved_sbi(dina, dave)
    device = add_device(dina, sbi)
    services.deactivate_sbi(sbi=sbi, actor=dave, note="Security issue")
    device.refresh_from_db()
    assert device.comment == "Rejected automatically: its SBI was deactivated."
    with translation.override("fr"):
        assert str(device.shown_comment).startswith("Refusé automatiquement")
    sbi.refresh_from_db()
    assert sbi.deactivation_reason == "by_admin" and sbi.deactivation_note == "Security issue"


def test_a_deactivated_sbi_cannot_be_deactivated_again(dina, dave, refusal):
    sbi = approved_sbi(dina, dave)
    services.deactivate_sbi(sbi=sbi, actor=dina)
    assert refusal(services.deactivate_sbi, sbi=sbi, actor=dina).code == "sbi_not_open"


def test_a_pending_sbi_can_be_withdrawn(dina):
    sbi = register_sbi(dina)
    assert services.deactivate_sbi(sbi=sbi, actor=dina) == services.Cascade(0, 0)
    sbi.refresh_from_db()
    assert sbi.status == Sbi.Status.DEACTIVATED
