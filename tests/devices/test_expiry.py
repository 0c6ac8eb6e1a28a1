"""The expiry job (§6.1, §7, §11): SBIs past their expiry date end with their devices, API keys past theirs are
deactivated; through the Celery task and `manage.py deactivate_expired`, with time frozen."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command

from apikeys import services as apikeys
from apikeys.models import ApiKey
from audit.models import AuditEvent
from devices import services
from devices.models import Device, Sbi
from pms.tasks import deactivate_expired_task
from tests.apikeys.factories import approved_link
from tests.factories import make_partner_admin

from .factories import add_device, make_device_provider, register_sbi

pytestmark = pytest.mark.django_db
EXPIRY = date(2027, 6, 30)


@pytest.fixture
def world(db):
    """On 1 June 2027: Dina's approved SBI (expiring 30 June) with an approved and a pending device, and a
    pending SBI expiring the same day; an SBI expiring a day later."""
    with time_machine.travel("2027-06-01 09:00:00+00:00", tick=False):
        dave = make_partner_admin(username="dave")
        dina = make_device_provider("dina", "Dina Devices")
        approved = services.approve_sbi(sbi=register_sbi(dina, expiry_date=EXPIRY), actor=dave)
        device = services.approve_device(device=add_device(dina, approved), actor=dave)
        pending_device = add_device(dina, approved)
        pending = register_sbi(dina, expiry_date=EXPIRY)
        later = services.approve_sbi(sbi=register_sbi(dina, expiry_date=EXPIRY + timedelta(days=1)), actor=dave)
    return {"approved": approved, "device": device, "pending_device": pending_device, "pending": pending,
            "later": later}


def statuses(world) -> dict:
    return {name: type(row).objects.get(pk=row.pk).status for name, row in world.items()}


def test_nothing_ends_on_the_expiry_date_itself(world):
    with time_machine.travel("2027-06-30 23:59:00+00:00", tick=False):
        assert services.deactivate_expired_sbis() == 0
    assert set(statuses(world).values()) <= {"approved", "pending"}


def test_the_day_after_expiry_sbis_end_with_their_devices_once(world):
    with time_machine.travel("2027-07-01 00:00:01+00:00", tick=False):
        assert services.deactivate_expired_sbis() == 2
        assert services.deactivate_expired_sbis() == 0  # a second run changes nothing
    assert statuses(world) == {"approved": "deactivated", "device": "deactivated", "pending_device": "rejected",
                               "pending": "rejected", "later": "approved"}
    approved = Sbi.objects.get(pk=world["approved"].pk)
    assert approved.deactivation_reason == "expired" and approved.deactivated_by is None
    assert Device.objects.get(pk=world["pending_device"].pk).deactivation_reason == "sbi_deactivated"
    events = AuditEvent.objects.filter(event="sbi_expired")
    assert events.count() == 2 and {e.actor for e in events} == {"system"}
    assert AuditEvent.objects.filter(details__cause="sbi_deactivated").count() == 2


def test_a_dry_run_counts_and_writes_nothing(world):
    before = AuditEvent.objects.count()
    with time_machine.travel("2027-07-02 12:00:00+00:00", tick=False):
        assert services.deactivate_expired_sbis(dry_run=True) == 3
    assert AuditEvent.objects.count() == before
    assert set(statuses(world).values()) <= {"approved", "pending"}


def test_the_day_is_the_portals(world, settings):
    settings.TIME_ZONE = "Pacific/Auckland"  # 13:00 UTC on 30 June is already 1 July there
    with time_machine.travel("2027-06-30 13:00:00+00:00", tick=False):
        assert services.deactivate_expired_sbis() == 2


def test_the_celery_task_runs_every_registered_job(world):
    with time_machine.travel("2027-07-01 08:00:00+00:00", tick=False):
        result = deactivate_expired_task.delay().get()
    assert result == {"api_keys": 0, "sbis": 2}


def test_the_command_deactivates_sbis_and_api_keys_as_of_a_date(world, alice, capsys):
    key, _plaintext = apikeys.generate_api_key(partner=alice.partner, link=approved_link(alice.partner),
                                               label="prod", actor=alice)
    call_command("deactivate_expired", "--as-of", "2027-07-01", "--dry-run")
    out = capsys.readouterr().out
    assert "0 expired API keys would be deactivated." in out
    assert "2 expired SBIs (with their devices) would be deactivated." in out
    assert Sbi.objects.get(pk=world["approved"].pk).status == "approved"

    call_command("deactivate_expired", "--as-of", (key.expires_at + timedelta(days=1)).date().isoformat())
    out = capsys.readouterr().out
    assert "1 expired API keys deactivated." in out and "3 expired SBIs (with their devices) deactivated." in out
    assert ApiKey.objects.get().status == "deactivated"

    call_command("deactivate_expired", "--as-of", "2199-12-31T00:00:00+00:00")
    out = capsys.readouterr().out
    assert "0 expired API keys deactivated." in out and "0 expired SBIs (with their devices) deactivated." in out


def test_the_command_runs_one_job_on_request(world, capsys):
    call_command("deactivate_expired", "--as-of", "2027-07-01", "--only", "sbis")
    assert capsys.readouterr().out.strip() == "2 expired SBIs (with their devices) deactivated."


@pytest.mark.parametrize("value", ["yesterday", "2027-13-01", "2027-02-30T10:00"])
def test_the_command_refuses_a_bad_date(db, value):
    with pytest.raises(CommandError, match="--as-of needs a date"):
        call_command("deactivate_expired", "--as-of", value)


def test_the_old_api_key_command_still_works_as_an_alias(alice, capsys):
    apikeys.generate_api_key(partner=alice.partner, link=approved_link(alice.partner), label="prod", actor=alice)
    call_command("deactivate_expired_api_keys", "--as-of", "2200-01-01T00:00:00+00:00", "--dry-run")
    assert capsys.readouterr().out.strip() == "1 expired API keys would be deactivated."
