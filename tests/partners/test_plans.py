"""The admin's partner list and search read indexes, never every partner (issue 12; see tests/plans.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners import search
from partners.models import Partner, User
from partners.rows import COUNT_LIMIT
from tests.conftest import require_postgresql
from tests.factories import partner_type
from tests.plans import page_sql, plan_of

pytestmark = pytest.mark.django_db
TABLES = ("partners_partner", "partners_user")


@pytest.fixture
def partners():
    """10,000 partners with a user each (the generator's ×1 volume), inserted by PostgreSQL itself."""
    require_postgresql()
    kind = partner_type()
    with connection.cursor() as cursor:
        cursor.execute("""
            INSERT INTO partners_partner (code, partner_id, organization_name, partner_type_id, address, phone_number,
                                          status, created_at)
            SELECT gen_random_uuid(), 'AP-' || lpad(n::text, 6, '0'),
                   CASE WHEN n %% 500 = 0 THEN 'Nordic' ELSE 'Sahel' END || ' Bank ' || n, %s, '1 Road', '+2213300',
                   'active', now()
            FROM generate_series(0, 9999) AS n""", [kind.pk])
        cursor.execute("""
            INSERT INTO partners_user (password, is_superuser, username, first_name, last_name, email, is_staff,
                                       is_active, date_joined, language, partner_id)
            SELECT '!', false, 'contact' || id, '', '', 'contact' || id || '@bank.example', false, true, now(), 'en',
                   id FROM partners_partner""")
    search.refresh()
    return list(Partner.objects.order_by("partner_id"))


@pytest.fixture
def few_partners():
    kind = partner_type()
    created = Partner.objects.bulk_create([
        Partner(partner_id=f"AP-{n:06d}", organization_name=f"{'Nordic' if n % 50 == 0 else 'Sahel'} Bank {n}",
                partner_type=kind, address="1 Road", phone_number="+221330000000") for n in range(120)])
    User.objects.bulk_create([User(username=f"contact{p.pk}", email=f"contact{p.pk}@bank.example", partner=p)
                              for p in created])
    search.refresh()
    return created


def test_search_walks_the_order_index_filtered_by_the_match(dave_client, partners):
    """A term matching a share of the partners: the page is the first matches in the order index's walk."""
    plan = plan_of(page_sql(dave_client, "/partners/?q=bank", "partners_partner", contains="ORDER BY"), *TABLES)
    assert "partner_by_organization" in plan.indexes and not plan.outer_sorts and not plan.seq_scans()


def test_search_reads_the_trigram_index_of_the_search_text(dave_client, partners):
    """Name, partner ID and emails in one trigram index, never a union joined with every partner."""
    sql = page_sql(dave_client, "/partners/?q=nordic", "partners_partner", contains="ORDER BY")
    plan = plan_of(sql, *TABLES, off=("seqscan", "indexscan"))
    assert "partner_search_trgm" in plan.indexes
    # The users appear only in the select list (each listed row's contact email), never in the search itself.
    searched = sql[sql.index('FROM "partners_partner"'):]
    assert not plan.seq_scans() & set(TABLES) and "partners_user" not in searched


def test_search_is_counted_up_to_the_limit_from_the_trigram_index(dave_client, partners):
    sql = page_sql(dave_client, "/partners/?q=nordic", "partners_partner", contains=f"LIMIT {COUNT_LIMIT + 1}")
    assert "ORDER BY" not in sql and "JOIN" not in sql  # one constant per match, nothing joined or sorted
    plan = plan_of(sql, *TABLES)
    assert plan.indexes == {"partner_search_trgm"} and not plan.seq_scans()


def test_default_order_is_read_from_the_organization_index(dave_client, few_partners):
    plan = plan_of(page_sql(dave_client, "/partners/", "partners_partner", contains="LIMIT"), *TABLES)
    assert "partner_by_organization" in plan.indexes and not plan.outer_sorts and not plan.seq_scans()


def test_each_rows_contact_email_is_one_probe_of_the_users_index(dave_client, few_partners):
    plan = plan_of(page_sql(dave_client, "/partners/", "partners_partner", contains="LIMIT"), *TABLES,
                   off=("seqscan", "bitmapscan"))
    probes = [n for n in plan.nodes if n["_in_subplan"] and n.get("Relation Name") == "partners_user"]
    assert [n.get("Index Name") for n in probes] == ["user_by_partner_joined"] and not plan.sorts


def test_search_finds_partners_by_name_id_and_email(dave_client, few_partners):
    def found(query):
        page = dave_client.get(f"/partners/?q={query}").context["page"]
        return {p.partner_id for p in page.object_list}

    assert found("nordic bank 100") == {"AP-000100"}
    assert found("ap-000023") == {"AP-000023"}
    assert found(f"contact{few_partners[7].pk}@") == {"AP-000007"}


def test_ten_thousand_partners_are_not_counted_row_by_row(dave_client, partners):
    """The list's number of pages comes from PostgreSQL's estimate (pms/counting.py), not a COUNT(*)."""
    with connection.cursor() as cursor:
        cursor.execute('ANALYZE "partners_partner"')
    with CaptureQueriesContext(connection) as captured:
        response = dave_client.get("/partners/")
    assert not [q for q in captured if q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "partners_partner"')]
    assert response.context["page"].paginator.num_pages == 10_000 // 25


def test_a_search_is_counted_from_its_index_whatever_the_planner_guesses(dave_client, partners):
    """A frequent text misjudged, the planner would read the table row by row up to the limit (issue 12)."""
    require_postgresql()
    with CaptureQueriesContext(connection) as captured:
        assert dave_client.get("/partners/?q=nordic").status_code == 200
    statements = [q["sql"] for q in captured]
    counting = next(sql for sql in statements if f"LIMIT {COUNT_LIMIT + 1}" in sql)
    assert counting.startswith("SET enable_seqscan = off; SELECT COUNT(*)") and counting.endswith(
        "; RESET enable_seqscan")


def _statements(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in captured]


def test_a_search_under_the_limit_sorts_its_matches_past_it_walks_the_order_index(dave_client, partners):
    """20 matches: the page sorts them, read from the trigram index; 10,000: the order index finds a page soon."""
    rare, common = _statements(dave_client, "/partners/?q=nordic"), _statements(dave_client, "/partners/?q=bank")
    page = [sql for sql in rare if 'FROM "partners_partner"' in sql and "ORDER BY" in sql][-1]
    assert page.startswith("SET enable_seqscan = off; SET enable_indexscan = off; SELECT")
    assert not [sql for sql in common if "enable_indexscan" in sql]
    assert {p.partner_id for p in dave_client.get("/partners/?q=nordic").context["page"].object_list} == {
        f"AP-{n:06d}" for n in range(0, 10_000, 500)}
