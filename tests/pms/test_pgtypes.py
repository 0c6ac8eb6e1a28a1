"""Timestamps read from PostgreSQL by psycopg's C loader, with Django's tzinfo (pms/pgtypes.py)."""

import datetime as dt

import pytest
from django.db import connection
from psycopg.pq import Format

from audit import services as audit
from audit.models import AuditEvent
from pms import pgtypes
from tests.conftest import require_postgresql

pytestmark = pytest.mark.django_db
INSTANTS = [
    dt.datetime(2026, 12, 8, 0, 43, 17, 123_456, tzinfo=dt.UTC),
    dt.datetime(1969, 7, 20, 20, 17, 40, tzinfo=dt.UTC),
    dt.datetime(2038, 1, 19, 3, 14, 8, 999_999, tzinfo=dt.UTC),
    dt.datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=dt.UTC),
    dt.datetime(1, 1, 1, 0, 0, 0, 1, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
]


def _loader():
    with connection.cursor() as cursor:
        return cursor.cursor.adapters.get_loader(cursor.cursor.adapters.types["timestamptz"].oid, Format.TEXT)


def test_connections_read_timestamps_with_the_fast_loader():
    require_postgresql()
    assert pgtypes.fast_loader_class() is not None  # psycopg[binary] is a dependency
    loader = _loader()
    assert issubclass(loader, pgtypes.fast_loader_class().__mro__[1])  # still Django's loader …
    assert loader.__name__ == "ConnectionTzLoader" and loader.timezone == connection.timezone  # … with its tzinfo


@pytest.mark.parametrize("instant", INSTANTS, ids=lambda instant: instant.isoformat())
def test_a_timestamp_reads_back_as_the_instant_written(instant):
    require_postgresql()
    written = audit.record(event="clock_checked", module="tests")
    AuditEvent.objects.filter(pk=written.pk).update(timestamp=instant)
    read = AuditEvent.objects.values_list("timestamp", flat=True).get(pk=written.pk)
    assert read == instant and read.tzinfo is dt.UTC and read.utcoffset() == dt.timedelta(0)


def test_a_raw_cursor_reads_timestamps_in_the_connections_time_zone():
    require_postgresql()
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::timestamptz, NULL::timestamptz", ["2026-12-08 01:30:00.5+01:00"])
        assert cursor.fetchone() == (dt.datetime(2026, 12, 8, 0, 30, 0, 500_000, tzinfo=dt.UTC), None)
