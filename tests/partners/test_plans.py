"""The admin's partner list and search read indexes, never every partner (issue 12; see tests/plans.py)."""

import pytest
from django.db import connection

from partners.models import Partner, User
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
    return list(Partner.objects.order_by("partner_id"))


@pytest.fixture
def few_partners():
    kind = partner_type()
    created = Partner.objects.bulk_create([
        Partner(partner_id=f"AP-{n:06d}", organization_name=f"{'Nordic' if n % 50 == 0 else 'Sahel'} Bank {n}",
                partner_type=kind, address="1 Road", phone_number="+221330000000") for n in range(120)])
    User.objects.bulk_create([User(username=f"contact{p.pk}", email=f"contact{p.pk}@bank.example", partner=p)
                              for p in created])
    return created


def test_search_reads_the_trigram_indexes_of_name_partner_id_and_email(dave_client, partners):
    plan = plan_of(page_sql(dave_client, "/partners/?q=nordic", "partners_partner", contains="LIMIT"), *TABLES)
    assert {"partner_organization_trgm", "partner_partner_id_trgm", "user_email_trgm"} <= plan.indexes
    assert not plan.seq_scans() & set(TABLES)


def test_default_order_is_read_from_the_organization_index(dave_client, few_partners):
    plan = plan_of(page_sql(dave_client, "/partners/", "partners_partner", contains="LIMIT"), *TABLES)
    assert "partner_by_organization" in plan.indexes and not plan.sorts and not plan.seq_scans()


def test_search_finds_partners_by_name_id_and_email(dave_client, few_partners):
    def found(query):
        page = dave_client.get(f"/partners/?q={query}").context["page"]
        return {p.partner_id for p in page.object_list}

    assert found("nordic bank 100") == {"AP-000100"}
    assert found("ap-000023") == {"AP-000023"}
    assert found(f"contact{few_partners[7].pk}@") == {"AP-000007"}
