"""Events written by the database for rows it holds (audit.services.record_rows_sql, PostgreSQL), and sealing
in batches: the same events as `record` writes, redacted the same way, chained like any other."""

import datetime as dt
import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from audit import services as audit
from audit.models import AuditEvent, ChainHead

pytestmark = pytest.mark.django_db
MOMENTS = [dt.datetime(2030, 1, 7, 6, 0, tzinfo=dt.UTC), dt.datetime(2030, 1, 7, 6, 0, 0, 999, tzinfo=dt.UTC),
           dt.datetime(2030, 12, 31, 23, 59, 59, 123_999, tzinfo=dt.UTC)]


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("record_rows_sql is PostgreSQL's (CI runs it)")


def record_rows(rows: list[tuple[int, dt.datetime]]) -> None:
    sql, params = audit.record_rows_sql(
        source="src", event="row_done", module="tests", reference_type="tests.Row", reference_id="n",
        details={"n": "to_jsonb(n)", "at": audit.json_datetime_sql("at"), "api_token": "to_jsonb(n)"},
        order_by="n", now=MOMENTS[0])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"WITH src AS (SELECT * FROM UNNEST(%s::int[], %s::timestamptz[]) AS rows(n, at)) {sql}",
                       [[n for n, _ in rows], [at for _, at in rows], *params])
        audit.seal_after_commit()


def test_rows_are_recorded_as_record_would_with_secrets_redacted():
    record_rows([(n, at) for n, at in enumerate(MOMENTS)])
    for n, at in enumerate(MOMENTS):
        audit.record(event="row_done", module="tests", reference=("tests.Row", n),
                     details={"n": n, "at": at, "api_token": n})

    written = AuditEvent.objects.filter(event="row_done").order_by("pk")
    assert [(e.reference_id, e.details, e.actor, e.outcome) for e in written[:3]] == [
        (e.reference_id, e.details, e.actor, e.outcome) for e in written[3:]]
    assert written[1].details == {"n": 1, "at": json.loads(json.dumps(MOMENTS[1], cls=DjangoJSONEncoder)),
                                  "api_token": "[redacted]"}
    assert audit.verify_chain().ok


def test_sealing_in_batches_chains_every_event_in_order():
    record_rows([(n, MOMENTS[0]) for n in range(7)])
    AuditEvent.objects.update(seq=None, prev_hash="", hash=None)  # as committed, before any sealer ran
    ChainHead.objects.filter(pk=1).update(last_hash=audit.GENESIS_HASH, last_event_id=None, last_seq=0)

    assert audit.seal_pending(batch=3) == AuditEvent.objects.count()
    assert list(AuditEvent.objects.order_by("seq").values_list("pk", flat=True)) == list(
        AuditEvent.objects.order_by("pk").values_list("pk", flat=True))
    assert audit.verify_chain(seal=False).ok
