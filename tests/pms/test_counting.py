"""Counts of big tables from PostgreSQL's estimate, of small ones exact, in one query (pms/counting.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Partner
from pms.counting import estimated_count
from tests.conftest import require_postgresql
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def test_a_small_table_is_counted_exactly_in_one_query():
    PartnerFactory.create_batch(3)
    expected = Partner.objects.count()
    with CaptureQueriesContext(connection) as captured:
        assert estimated_count(Partner) == expected
    assert len(captured) == 1


def test_a_big_table_is_counted_from_the_statistics():
    require_postgresql()
    PartnerFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute('ANALYZE "partners_partner"')
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = 'partners_partner'::regclass")
        estimate = cursor.fetchone()[0]
    assert estimated_count(Partner, exact_below=1) == estimate


def test_a_big_tables_estimate_is_read_once_a_minute():
    require_postgresql()
    PartnerFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute('ANALYZE "partners_partner"')
    first = estimated_count(Partner, exact_below=1)
    with CaptureQueriesContext(connection) as captured:
        assert estimated_count(Partner, exact_below=1) == first
    assert len(captured) == 0


def test_a_small_tables_exact_count_is_never_kept():
    PartnerFactory.create_batch(2)
    estimated_count(Partner)
    PartnerFactory.create_batch(1)
    assert estimated_count(Partner) == Partner.objects.count()
