import json

import pytest
from django.core.management import CommandError, call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from audit import services as audit
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def record_three():
    """Three events, sealed into the chain as they are once their transaction commits."""
    events = [audit.record(event=f"event_{n}", module="tests", details={"n": n}) for n in range(3)]
    audit.seal_pending()
    for event in events:
        event.refresh_from_db()
    return events


def test_an_event_records_actor_reference_outcome_and_details(alice):
    event = audit.record(event="thing_done", module="tests", actor=alice, reference=alice.partner,
                         outcome="failure", details={"reason": "because"})
    event.refresh_from_db()
    assert (event.actor, event.actor_id, event.reference_type, event.reference_id, event.outcome) == (
        "alice", alice.pk, "partners.Partner", str(alice.partner.code), "failure")
    assert event.details == {"reason": "because"}


def test_event_without_actor_is_recorded_as_the_system():
    assert audit.record(event="job", module="tests").actor == "system"


def test_secret_looking_details_are_redacted():
    event = audit.record(event="x", module="tests", details={"password": "p", "apiKey": "k", "label": "ok",
                                                             "nested": {"private_key": "pem"}})
    assert event.details == {"password": "[redacted]", "apiKey": "[redacted]", "label": "ok",
                             "nested": {"private_key": "[redacted]"}}


def test_an_event_recorded_in_a_rolled_back_transaction_disappears_with_it():
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(event="doomed", module="tests")
        raise RuntimeError("the action failed")
    assert not AuditEvent.objects.filter(event="doomed").exists()
    assert audit.verify_chain().ok


def test_each_event_carries_the_hash_of_the_previous_one():
    first, second, third = record_three()
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert first.prev_hash == audit.GENESIS_HASH and [e.seq for e in (first, second, third)] == [1, 2, 3]


def test_an_event_is_sealed_into_the_chain_once_its_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        event = audit.record(event="approved", module="tests")
        assert event.hash is None and event.seq is None  # no lock on the chain inside the transaction
    event.refresh_from_db()
    assert event.seq == 1 and event.hash == audit.event_hash(event)


def test_one_sealing_per_transaction_however_many_events_it_records(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        audit.record(event="first", module="tests")
        audit.record(event="second", module="tests")
    assert len(callbacks) == 1


def test_verification_seals_the_events_not_sealed_yet():
    audit.record(event="pending", module="tests")
    report = audit.verify_chain()
    assert report.ok and report.checked == 1 and not AuditEvent.objects.filter(seq__isnull=True).exists()


def test_intact_chain_verifies(capsys):
    record_three()
    call_command("verify_audit_chain")
    assert "Audit chain intact" in capsys.readouterr().out


def test_altered_row_is_detected_and_named():
    events = record_three()
    AuditEvent.objects.filter(pk=events[1].pk).update(details={"n": 99})
    with pytest.raises(CommandError, match=f"broken at event #{events[1].pk}: its content was altered"):
        call_command("verify_audit_chain")


def test_altered_outcome_is_detected():
    events = record_three()
    AuditEvent.objects.filter(pk=events[0].pk).update(outcome="failure")
    assert audit.verify_chain().bad_event_pk == events[0].pk


def test_deleted_row_is_detected_at_the_row_after_it():
    events = record_three()
    AuditEvent.objects.filter(pk=events[1].pk).delete()
    with pytest.raises(CommandError, match=f"broken at event #{events[2].pk}: the row before it was deleted"):
        call_command("verify_audit_chain")


def test_deleted_newest_row_is_detected():
    events = record_three()
    AuditEvent.objects.filter(pk=events[2].pk).delete()
    report = audit.verify_chain()
    assert not report.ok and "newest rows were deleted" in report.reason


def test_periodic_verification_task_reports_a_broken_chain(caplog):
    from audit.tasks import verify_audit_chain_task

    events = record_three()
    AuditEvent.objects.filter(pk=events[0].pk).update(event="edited")
    result = verify_audit_chain_task.delay().get()
    assert result == {"ok": False, "checked": 0, "bad_event": events[0].pk}
    assert "Audit chain broken" in caplog.text


def test_a_row_unsealed_after_the_fact_is_detected():
    events = record_three()
    AuditEvent.objects.filter(pk=events[1].pk).update(seq=None, hash=None, prev_hash="")
    assert not audit.verify_chain().ok  # the sealer chains it again at the end: its old place is a gap


def test_periodic_task_seals_what_requests_left_unsealed():
    from audit.tasks import seal_audit_chain_task

    audit.record(event="late", module="tests")
    assert seal_audit_chain_task.delay().get() == {"sealed": 1}
    assert AuditEvent.objects.get(event="late").seq == 1


def test_many_events_recorded_at_once_extend_the_chain_in_order():
    before = record_three()
    events = audit.record_many([{"event": f"bulk_{n}", "module": "tests", "details": {"n": n, "token": "t"}}
                                for n in range(5)])
    after = audit.record(event="after", module="tests")
    audit.seal_pending()  # what the commit of the caller's transaction does
    for event in [*events, after]:
        event.refresh_from_db()

    assert list(AuditEvent.objects.order_by("pk").values_list("event", flat=True))[-6:] == [
        "bulk_0", "bulk_1", "bulk_2", "bulk_3", "bulk_4", "after"]
    assert events[0].prev_hash == before[-1].hash and after.prev_hash == events[-1].hash
    assert events[2].details == {"n": 2, "token": "[redacted]"}
    assert audit.verify_chain().ok


def test_recording_no_events_at_once_changes_nothing():
    record_three()
    count = AuditEvent.objects.count()

    assert audit.record_many([]) == []
    assert AuditEvent.objects.count() == count and audit.verify_chain().ok


def test_sealing_in_batches_chains_every_event_in_order():
    unsealed = AuditEvent.objects.filter(seq__isnull=True).count()
    events = [audit.record(event=f"batch_{n}", module="tests") for n in range(7)]

    assert audit.seal_pending(batch=3) == unsealed + 7
    sealed = AuditEvent.objects.filter(pk__in=[e.pk for e in events])
    assert list(sealed.order_by("seq").values_list("pk", flat=True)) == [e.pk for e in events]
    assert audit.verify_chain(seal=False).ok


_FLAT_VALUES = st.one_of(st.text(), st.integers(), st.booleans(), st.none(), st.uuids(), st.dates(),
                         st.datetimes(timezones=st.timezones()), st.datetimes())


@given(st.dictionaries(st.text(), _FLAT_VALUES, max_size=6))
def test_flat_details_are_stored_as_their_json_round_trip(details):
    expected = {key: "[redacted]" if audit._is_secret(key) else value
                for key, value in json.loads(json.dumps(details, cls=DjangoJSONEncoder)).items()}
    assert audit._scrub(details) == expected
