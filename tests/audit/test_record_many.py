"""Bulk events written already sealed (audit.services.record_many on PostgreSQL): chained after the head in the
caller's transaction, never rewritten by the sealer, and as tamper-evident as any other event."""

import datetime as dt
import json
import threading

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from audit import services as audit
from audit.models import AuditEvent, ChainHead

pytestmark = pytest.mark.django_db
MOMENT = dt.datetime(2030, 12, 31, 23, 59, 59, 123_999, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("events are written sealed on PostgreSQL only (CI runs it); elsewhere test_chain.py covers them")


def bulk(count: int, **details) -> list[AuditEvent]:
    with transaction.atomic():
        return audit.record_many([{"event": "row_done", "module": "tests", "reference": ("tests.Row", n),
                                   "details": {"n": n, **details}} for n in range(count)])


def test_bulk_events_are_sealed_in_the_callers_transaction():
    before = audit.record(event="before", module="tests")
    audit.seal_pending()
    events = bulk(3)

    stored = list(AuditEvent.objects.filter(event="row_done").order_by("seq"))
    assert [e.pk for e in stored] == [e.pk for e in events]
    before.refresh_from_db()
    assert [e.seq for e in stored] == [before.seq + 1, before.seq + 2, before.seq + 3]
    assert stored[0].prev_hash == before.hash and stored[2].hash == ChainHead.objects.get(pk=1).last_hash
    assert audit.verify_chain(seal=False).ok


def test_bulk_events_are_stored_as_record_writes_them_with_secrets_redacted():
    events = bulk(1, at=MOMENT, api_token="t0p", text="قيمة «ñ»\n")
    single = audit.record(event="row_done", module="tests", reference=("tests.Row", 0),
                          details={"n": 0, "at": MOMENT, "api_token": "t0p", "text": "قيمة «ñ»\n"})
    stored, single = AuditEvent.objects.get(pk=events[0].pk), AuditEvent.objects.get(pk=single.pk)

    assert (stored.reference_type, stored.reference_id, stored.details, stored.actor, stored.outcome) == (
        single.reference_type, single.reference_id, single.details, single.actor, single.outcome)
    assert stored.details["at"] == json.loads(json.dumps(MOMENT, cls=DjangoJSONEncoder))
    assert stored.details["api_token"] == "[redacted]"
    assert audit.verify_chain().ok


def test_events_committed_unsealed_before_a_bulk_write_are_sealed_after_it():
    with transaction.atomic():
        early = audit.record(event="early", module="tests")  # committed; no sealer has run
        transaction.get_connection().run_on_commit.clear()
    events = bulk(2)
    assert AuditEvent.objects.get(pk=early.pk).seq is None

    audit.seal_pending()
    assert AuditEvent.objects.get(pk=early.pk).seq == events[-1].seq + 1
    assert audit.verify_chain(seal=False).ok


def test_a_rolled_back_bulk_write_leaves_the_chain_as_it_was():
    bulk(2)
    head = ChainHead.objects.get(pk=1)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record_many([{"event": "lost", "module": "tests"}])
        raise RuntimeError("the job failed")

    assert ChainHead.objects.get(pk=1).last_hash == head.last_hash
    assert not AuditEvent.objects.filter(event="lost").exists()
    assert audit.verify_chain().ok


def test_altering_a_bulk_event_is_detected():
    events = bulk(3)
    AuditEvent.objects.filter(pk=events[1].pk).update(details={"n": 99})

    report = audit.verify_chain()
    assert not report.ok and report.bad_event_pk == events[1].pk


def test_deleting_a_bulk_event_is_detected():
    events = bulk(3)
    AuditEvent.objects.filter(pk=events[1].pk).delete()

    report = audit.verify_chain()
    assert not report.ok and report.bad_event_pk == events[2].pk


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_bulk_writers_at_once_both_land_in_one_chain():
    barrier, errors = threading.Barrier(2), []

    def writer(name: str) -> None:
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                audit.record_many([{"event": name, "module": "tests", "details": {"n": n}} for n in range(50)])
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(f"writer_{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert AuditEvent.objects.filter(event__startswith="writer_", seq__isnull=False).count() == 100
    assert audit.verify_chain().ok
