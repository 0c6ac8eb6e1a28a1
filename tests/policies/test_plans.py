"""The review queue reads its pages in index order, pending first (issue 12; see tests/plans.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from policies.models import PolicyLink
from tests.conftest import require_postgresql
from tests.factories import PartnerFactory
from tests.plans import page_sql, plan_of

from .factories import PolicyFactory

pytestmark = pytest.mark.django_db
TABLE = "policies_policylink"


@pytest.fixture
def links(dave):
    policies = [PolicyFactory() for _ in range(3)]
    partners = PartnerFactory.create_batch(60)
    statuses = ["approved"] * 8 + ["rejected", "in_progress"]
    return PolicyLink.objects.bulk_create([
        PolicyLink(partner=partner, policy=policy, purpose="Onboarding", status=statuses[(n + i) % 10],
                   comment="No" if statuses[(n + i) % 10] == "rejected" else "")
        for n, partner in enumerate(partners) for i, policy in enumerate(policies)])


def test_queue_reads_the_queue_order_index_without_sorting(dave_client, links):
    plan = plan_of(page_sql(dave_client, "/policies/links/", TABLE, contains="LIMIT"), TABLE)
    assert "policylink_queue_order" in plan.indexes and not plan.sorts and TABLE not in plan.seq_scans()


def test_pending_count_reads_the_pending_index(dave_client, links):
    sql = page_sql(dave_client, "/policies/links/", TABLE, contains="COUNT(*)")
    pending = [sql] if "in_progress" in sql else []
    plan = plan_of(pending[0], TABLE, "partners_partner", off=("seqscan", "indexscan"))  # see tests/plans.py
    assert "policylink_pending" in plan.indexes


def test_queue_shows_pending_requests_first_oldest_first(dave_client, links):
    rows = list(dave_client.get("/policies/links/").context["page"].object_list)
    pending = [link for link in rows if link.status == "in_progress"]
    assert rows[:len(pending)] == pending and len(pending) == 18
    assert [link.requested_at for link in pending] == sorted(link.requested_at for link in pending)


def test_a_queue_of_ten_thousand_links_is_not_counted_row_by_row(dave_client, links):
    """Its number of pages comes from PostgreSQL's estimate (pms/counting.py), not a COUNT(*) of every link."""
    require_postgresql()
    with connection.cursor() as cursor:
        cursor.execute("""
            INSERT INTO policies_policylink (code, purpose, status, requested_at, comment, deactivation_reason,
                                             partner_id, policy_id)
            SELECT gen_random_uuid(), purpose, 'deactivated', requested_at, '', '', partner_id, policy_id
            FROM policies_policylink, generate_series(1, 56)""")
        cursor.execute(f'ANALYZE "{TABLE}"')
    with CaptureQueriesContext(connection) as captured:
        response = dave_client.get("/policies/links/")
    assert not [q for q in captured if q["sql"] == f'SELECT COUNT(*) AS "__count" FROM "{TABLE}"']
    assert response.context["page"].paginator.num_pages == 10_260 // 25 + 1


def test_pending_count_is_read_from_the_pending_index_alone(dave_client, links):
    """The index holds the partner: deactivated partners' links are left out without reading the links."""
    sql = page_sql(dave_client, "/policies/links/", TABLE, contains="\"status\" = 'in_progress' AND NOT")
    plan = plan_of(sql, TABLE, "partners_partner", off=("seqscan", "bitmapscan"))
    scans = {(n["Node Type"], n.get("Index Name")) for n in plan.nodes}
    assert ("Index Only Scan", "policylink_pending") in scans, scans


def test_a_queue_page_is_a_prepared_statement_on_postgresql(dave_client, links):
    require_postgresql()
    for _ in range(2):
        assert dave_client.get("/policies/links/?page=2").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%policylink%LIMIT%'")
        assert cursor.fetchall()
