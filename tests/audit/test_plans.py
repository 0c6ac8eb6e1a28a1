"""The audit trail's pages read one index range, never the whole table (issue 12; see tests/plans.py)."""

import datetime as dt

import pytest

from audit.models import AuditEvent
from tests.plans import page_sql, plan_of

pytestmark = pytest.mark.django_db
TABLE = "audit_auditevent"


@pytest.fixture
def events():
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    # As in a real trail, most events are of a few kinds: a rare module or event is what an index is for.
    kinds = [("apikeys", "api_key_generated"), ("policies", "policy_created")] + [("accounts", "login_failed")] * 28
    return AuditEvent.objects.bulk_create([
        AuditEvent(timestamp=start + dt.timedelta(minutes=n), module=kinds[n % 30][0], event=kinds[n % 30][1],
                   actor="dave.admin" if n % 100 == 0 else "system", outcome="failure" if n % 7 == 0 else "success",
                   reference_id=str(n))
        for n in range(3000)])


def audit_plan(client, query: str, **options):
    return plan_of(page_sql(client, f"/audit/{query}", TABLE, contains="LIMIT"), TABLE, **options)


def test_newest_page_reads_the_newest_first_index_without_sorting(dave_client, events):
    plan = audit_plan(dave_client, "")
    assert "audit_newest_first" in plan.indexes and not plan.sorts and not plan.seq_scans()


def test_older_page_starts_the_index_scan_at_its_cursor(dave_client, events):
    first = dave_client.get("/audit/").context["page"]
    plan = audit_plan(dave_client, f"?older={first.older}")
    scan = next(n for n in plan.nodes if n.get("Index Name") == "audit_newest_first")
    assert "timestamp" in scan.get("Index Cond", "") and not plan.sorts


@pytest.mark.parametrize(("query", "index"), [
    ("?module=apikeys", "audit_module_newest"),
    ("?event=policy_created", "audit_event_newest"),
    ("?reference=42", "audit_reference_newest"),
    ("?outcome=failure", "audit_failures_newest"),
    ("?module=accounts&outcome=failure", "audit_failures_newest"),
    ("?date_from=2026-01-01&date_to=2026-01-01", "audit_newest_first"),
])
def test_each_filter_reads_an_index_in_the_list_order(dave_client, events, query, index):
    plan = audit_plan(dave_client, query)
    assert index in plan.indexes and not plan.sorts and not plan.seq_scans()


def test_actor_search_uses_the_trigram_index(dave_client, events):
    # At 2M rows the planner picks the trigram index for a rare actor and the newest-first walk for a
    # common one (benchmarks/pages.py); on 3,000 rows the walk always wins, so only bitmap scans are left.
    plan = audit_plan(dave_client, "?actor=dave", off=("seqscan", "indexscan"))
    assert "audit_actor_trgm" in plan.indexes and not plan.seq_scans()


def test_filter_choices_run_no_query_on_the_trail(dave_client, events):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        dave_client.get("/audit/?module=apikeys")
    on_the_trail = [q["sql"] for q in captured if "audit_auditevent" in q["sql"]]
    assert on_the_trail and not [sql for sql in on_the_trail if "DISTINCT" in sql or "COUNT(" in sql]


def _prepared_reads_of_the_trail() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s", ['%"audit_auditevent"%'])
        return [row[0] for row in cursor.fetchall()]


def test_a_failures_page_is_planned_for_its_values_the_newest_page_prepared(dave_client, events):
    """A prepared statement's generic plan cannot use the failures' partial index (`outcome = $1`)."""
    from tests.conftest import require_postgresql

    require_postgresql()
    for _ in range(3):
        assert dave_client.get("/audit/?outcome=failure&module=accounts").status_code == 200
        assert dave_client.get("/audit/").status_code == 200
    statements = _prepared_reads_of_the_trail()
    assert statements and not [sql for sql in statements if "outcome" in sql]
