"""Devices (§7): several in one submission, subtypes of their type, unique make and model, only under an
approved and unexpired SBI, the admin's decision (never approving an orphan) and deactivation."""

from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError

from audit.models import AuditEvent
from devices import services
from devices.models import Device, Sbi
from tests.factories import make_partner_admin

from .factories import add_device, approved_sbi, register_sbi, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def dave(db):
    return make_partner_admin(username="dave")


@pytest.fixture
def sbi(dina, dave):
    return approved_sbi(dina, dave)


def add(user, sbi, rows):
    return services.add_devices(sbi=sbi, rows=rows, actor=user)


def test_several_devices_are_added_in_one_submission_each_pending_and_audited(dina, sbi):
    devices = add(dina, sbi, [row("Finger", "Slap"), row("Iris", "Double"), row("Face", "Full face")])
    assert [d.status for d in devices] == ["pending"] * 3
    assert all(d.sbi == sbi and d.provider == dina.partner for d in devices)
    assert AuditEvent.objects.filter(event="device_added", actor="dina").count() == 3


SUBTYPES = [("Finger", "Slap"), ("Finger", "Single"), ("Finger", "Touchless"), ("Iris", "Single"),
            ("Iris", "Double"), ("Face", "Full face")]


@pytest.mark.parametrize(("device_type", "subtype"), SUBTYPES)
def test_every_subtype_of_its_type_is_accepted(dina, sbi, device_type, subtype):
    assert add(dina, sbi, [row(device_type, subtype)])[0].device_subtype == subtype


@pytest.mark.parametrize(("device_type", "subtype"), [("Finger", "Double"), ("Iris", "Slap"), ("Face", "Single"),
                                                      ("Iris", "Full face"), ("Finger", "Whatever")])
def test_a_subtype_of_another_type_is_refused_with_the_allowed_ones(dina, sbi, refusal, device_type, subtype):
    error = refusal(add, user=dina, sbi=sbi, rows=[row(device_type, subtype)])
    assert error.problems[0][:2] == (0, "device_subtype")
    assert "choose one of" in error.problems[0][2]
    assert not Device.objects.exists()


def test_an_unknown_type_is_refused(dina, sbi, refusal):
    assert refusal(add, user=dina, sbi=sbi, rows=[row("Palm", "Slap")]).problems[0][1] == "device_type"


def test_the_database_refuses_a_subtype_of_another_type(dina, sbi):
    with pytest.raises(IntegrityError):
        Device.objects.create(provider=dina.partner, sbi=sbi, device_type="Face", device_subtype="Slap", make="A",
                              model="B")


def test_twenty_five_devices_are_accepted_and_twenty_six_refused(dina, sbi, refusal):
    assert refusal(add, user=dina, sbi=sbi, rows=[row() for _ in range(26)]).code == "too_many_devices"
    assert not Device.objects.exists()
    assert len(add(dina, sbi, [row() for _ in range(25)])) == 25


def test_an_empty_submission_is_refused(dina, sbi, refusal):
    assert refusal(add, user=dina, sbi=sbi, rows=[]).code == "no_devices"


@pytest.mark.parametrize(("make", "model"), [("", "M1"), ("A" * 37, "M1"), ("Make", ""), ("Make", "M" * 37)])
def test_make_and_model_have_1_to_36_characters(dina, sbi, refusal, make, model):
    problem = refusal(add, user=dina, sbi=sbi, rows=[row(make=make, model=model)]).problems[0]
    assert problem[1] == ("make" if make in ("", "A" * 37) else "model")


def test_a_pending_make_and_model_is_refused_naming_the_device(dina, sbi, refusal):
    add(dina, sbi, [row("Finger", "Slap", "BioScan", "FS-400")])
    error = refusal(add, user=dina, sbi=sbi, rows=[row("Iris", "Double", "bioscan", "fs-400 ")])
    index, field, message = error.problems[0]
    assert (index, field) == (0, "model")
    assert message == (f"BioScan FS-400 is already pending approval for your organization: the Finger device "
                       f"(Slap) of SBI {sbi.version}.")


def test_an_approved_make_and_model_is_refused_in_another_sbi_too(dina, dave, sbi, refusal):
    services.approve_device(device=add_device(dina, sbi, make="BioScan", model="FS-400"), actor=dave)
    other = approved_sbi(dina, dave)
    message = refusal(add, user=dina, sbi=other, rows=[row(make="BioScan", model="FS-400")]).problems[0][2]
    assert "is already approved for your organization" in message and sbi.version in message


def test_a_rejected_or_deactivated_make_and_model_can_be_submitted_again(dina, dave, sbi):
    services.reject_device(device=add_device(dina, sbi, make="A", model="1"), actor=dave, reason="Blurry")
    approved = services.approve_device(device=add_device(dina, sbi, make="B", model="2"), actor=dave)
    services.deactivate_device(device=approved, actor=dina)
    assert len(add(dina, sbi, [row(make="A", model="1"), row(make="B", model="2")])) == 2


def test_another_provider_may_use_the_same_make_and_model(dina, erik, dave, sbi):
    add(dina, sbi, [row(make="Same", model="Model")])
    assert add(erik, approved_sbi(erik, dave), [row(make="Same", model="Model")])[0].pk


def test_the_same_make_and_model_twice_in_one_submission_is_refused(dina, sbi, refusal):
    error = refusal(add, user=dina, sbi=sbi, rows=[row(make="X", model="1"), row(make="Y", model="2"),
                                                    row(make="x", model="1")])
    assert error.problems == [(2, "model", "This make and model is already in row 1.")]


def test_every_refused_row_is_reported_and_nothing_is_added(dina, sbi, refusal):
    add(dina, sbi, [row(make="Old", model="1")])
    error = refusal(add, user=dina, sbi=sbi, rows=[row("Face", "Slap"), row(make="New", model="2"),
                                                    row(make="Old", model="1")])
    assert [(index, field) for index, field, _message in error.problems] == [(0, "device_subtype"), (2, "model")]
    assert Device.objects.count() == 1


def test_the_database_refuses_two_open_devices_with_the_same_make_and_model(dina, sbi):
    add(dina, sbi, [row(make="A", model="B")])
    with pytest.raises(IntegrityError):
        Device.objects.create(provider=dina.partner, sbi=sbi, device_type="Finger", device_subtype="Slap", make="a",
                              model="b")


def test_devices_cannot_be_added_to_a_pending_sbi(dina, refusal):
    assert refusal(add, user=dina, sbi=register_sbi(dina), rows=[row()]).code == "sbi_not_approved"


def test_devices_cannot_be_added_to_a_rejected_or_deactivated_sbi(dina, dave, refusal):
    rejected = services.reject_sbi(sbi=register_sbi(dina), actor=dave, reason="No")
    deactivated = approved_sbi(dina, dave)
    services.deactivate_sbi(sbi=deactivated, actor=dina)
    for sbi in (rejected, deactivated):
        assert refusal(add, user=dina, sbi=sbi, rows=[row()]).code == "sbi_not_approved"


def test_devices_cannot_be_added_to_an_expired_sbi(dina, dave, refusal):
    sbi = approved_sbi(dina, dave, days=3)
    with time_machine.travel(sbi.expiry_date + timedelta(days=1)):
        assert refusal(add, user=dina, sbi=sbi, rows=[row()]).code == "sbi_expired"
    with time_machine.travel(sbi.expiry_date):  # the expiry date is its last valid day
        assert add(dina, sbi, [row()])


def test_admin_approves_and_rejects_devices_with_the_reason_kept(dina, dave, sbi, refusal):
    first, second = add(dina, sbi, [row(), row()])
    services.approve_device(device=first, actor=dave, note="Certified")
    assert refusal(services.reject_device, device=second, actor=dave, reason="").code == "reason_required"
    services.reject_device(device=second, actor=dave, reason="Wrong subtype")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.comment) == ("approved", "Certified")
    assert (second.status, second.shown_comment) == ("rejected", "Wrong subtype")
    assert refusal(services.approve_device, device=second, actor=dave).code == "device_not_pending"


def test_an_orphan_device_whose_sbi_is_gone_can_only_be_rejected(dina, dave, sbi, refusal):
    device = add_device(dina, sbi)
    Sbi.objects.filter(pk=sbi.pk).delete()  # an operator removed the SBI in Django's admin
    device.refresh_from_db()
    assert device.sbi is None and device.is_orphan
    assert refusal(services.approve_device, device=device, actor=dave).code == "orphan_device"
    services.reject_device(device=device, actor=dave, reason="Its SBI is gone")
    device.refresh_from_db()
    assert device.status == "rejected"


def test_a_device_of_a_deactivated_sbi_cannot_be_approved(dina, dave, sbi, refusal):
    device = add_device(dina, sbi)
    Sbi.objects.filter(pk=sbi.pk).update(status=Sbi.Status.DEACTIVATED)  # bypassing the cascade
    assert refusal(services.approve_device, device=device, actor=dave).code == "orphan_device"


def test_a_device_of_an_expired_sbi_cannot_be_approved(dina, dave, refusal):
    sbi = approved_sbi(dina, dave, days=2)
    device = add_device(dina, sbi)
    with time_machine.travel(sbi.expiry_date + timedelta(days=1)):
        assert refusal(services.approve_device, device=device, actor=dave).code == "sbi_expired"


def test_the_provider_deactivates_an_approved_device(dina, dave, sbi, refusal):
    device = services.approve_device(device=add_device(dina, sbi), actor=dave)
    services.deactivate_device(device=device, actor=dina)
    device.refresh_from_db()
    assert (device.status, device.deactivation_reason) == ("deactivated", "by_provider")
    assert AuditEvent.objects.filter(event="device_deactivated", actor="dina").count() == 1
    assert refusal(services.deactivate_device, device=device, actor=dina).code == "device_not_approved"


def test_a_pending_device_cannot_be_deactivated(dina, sbi, refusal):
    assert refusal(services.deactivate_device, device=add_device(dina, sbi), actor=dina).code == (
        "device_not_approved")


def test_admin_deactivates_a_device_with_a_note_the_provider_reads(dina, dave, sbi):
    device = services.approve_device(device=add_device(dina, sbi), actor=dave)
    services.deactivate_device(device=device, actor=dave, note="Recalled by the manufacturer")
    device.refresh_from_db()
    assert (device.deactivation_reason, device.deactivation_note) == ("by_admin", "Recalled by the manufacturer")
