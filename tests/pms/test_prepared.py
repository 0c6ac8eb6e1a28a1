"""Hot reads compiled once per process and prepared once per connection (pms/prepared.py)."""

import pytest
from django.db import connection
from django.db.models import Value
from django.db.models.functions import Concat
from django.test.utils import CaptureQueriesContext

from partners.models import Partner, User
from pms import prepared
from tests.conftest import require_postgresql

pytestmark = pytest.mark.django_db


def _names(pk: int):
    return Partner.objects.filter(pk=pk).values_list("partner_id", "organization_name")


def test_a_prepared_read_answers_what_the_orm_answers(alice):
    with CaptureQueriesContext(connection):  # a query log: the ORM runs the query
        logged = prepared.fetch_one("test_names", _names, alice.partner.pk)
    assert prepared.fetch_one("test_names", _names, alice.partner.pk) == logged == (
        alice.partner.partner_id, "Alice Auth Ltd")


def test_a_prepared_read_of_no_row_is_none(alice):
    assert prepared.fetch_one("test_names", _names, alice.partner.pk + 1000) is None


def test_a_statement_that_does_not_bind_its_value_is_refused(alice):
    require_postgresql()
    with pytest.raises(RuntimeError, match="does not bind its value"):
        prepared.fetch_one("test_unbound", lambda pk: Partner.objects.values_list("pk")[:1], alice.partner.pk)


def _with_type(pk: int):
    return Partner.objects.select_related("partner_type").filter(pk=pk).annotate(
        shown=Concat("organization_name", Value(" · "), "partner_type__name"))[:1]


def _loaded(partner) -> tuple:
    return (partner.__dict__ | {"_state": None}, partner.partner_type.__dict__ | {"_state": None}, partner.shown)


def test_a_prepared_model_is_the_instance_the_orm_builds(alice):
    with CaptureQueriesContext(connection):  # a query log: the ORM runs the query
        logged = prepared.fetch_model("test_partner", _with_type, alice.partner.pk)
    built = prepared.fetch_model("test_partner", _with_type, alice.partner.pk)
    assert _loaded(built) == _loaded(logged)
    assert built.shown == f"Alice Auth Ltd · {alice.partner.partner_type.name}"
    assert built.created_at == alice.partner.created_at and built.created_at.tzinfo is not None  # converted
    assert not built._state.adding and built._state.db == "default"


def test_a_prepared_model_of_no_row_is_none(alice):
    assert prepared.fetch_model("test_partner", _with_type, alice.partner.pk + 1000) is None


def test_a_prepared_model_is_prepared_once_per_connection(alice):
    require_postgresql()
    for _ in range(3):
        prepared.fetch_model("test_partner", _with_type, alice.partner.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert any('"partners_partner"."id" = $' in statement for statement in statements), statements


def _named(text: str):
    return Partner.objects.filter(organization_name__icontains=text).order_by("pk").values_list("organization_name")


@pytest.mark.parametrize("text", ["alice", "ALICE auth", "%", "_", "\\", "li%e", "Ltd'; --"])
def test_a_prepared_search_binds_its_text_as_the_orm_escapes_it(alice, bob, text):
    assert prepared.fetch_all(("test_search", 1), _named, like=text) == list(_named(text))


def test_a_prepared_search_that_matches_its_text_exactly_is_refused(alice):
    require_postgresql()
    with pytest.raises(RuntimeError, match="LIKE pattern only"):
        prepared.fetch_all("test_exact", lambda text: Partner.objects.filter(partner_id__iexact=text)
                           .values_list("pk"), like="AP-1")


def test_a_prepared_list_answers_what_the_orm_answers(alice, bob):
    def build():
        return Partner.objects.order_by("organization_name").values_list("organization_name", "created_at")

    assert prepared.fetch_all("test_list", build) == list(build()) != []


def _users_of(partner_pk: int):
    return User.objects.filter(partner=partner_pk).order_by("pk").values_list("email")


def test_a_prepared_list_binds_its_value_each_time(alice, bob):
    assert prepared.fetch_all("test_users", _users_of, value=alice.partner.pk) == [(alice.email,)]
    assert prepared.fetch_all("test_users", _users_of, value=bob.partner.pk) == [(bob.email,)]


def test_a_prepared_list_binds_its_value_and_its_search_text(alice, bob):
    def build(partner_pk, text):
        return _users_of(partner_pk).filter(email__icontains=text)

    assert prepared.fetch_all("test_user_search", build, value=alice.partner.pk, like="ALICE") == [(alice.email,)]
    assert prepared.fetch_all("test_user_search", build, value=bob.partner.pk, like="alice") == []


def test_a_search_is_planned_for_its_text_never_prepared(alice):
    """A prepared search would soon run a generic plan, blind to how rare its text is."""
    require_postgresql()
    for text in ("alice", "auth", "ltd", "a", "al", "ali"):
        prepared.fetch_all(("test_search", 2), _named, like=text)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%LIKE%'")
        assert cursor.fetchall() == []


@pytest.mark.parametrize("limit", [1, 2, 5])
def test_a_prepared_count_counts_up_to_its_limit(alice, bob, limit):
    def build(text):
        return Partner.objects.filter(organization_name__icontains=text).values_list("pk")[:limit]

    assert prepared.fetch_count(("test_count", limit), build, like="a") == build("a").count() == min(limit, 2)


def test_a_prepared_count_binds_its_value(alice, bob):
    assert prepared.fetch_count("test_count_users", _users_of, value=alice.partner.pk) == 1
    assert prepared.fetch_count("test_count_users", _users_of, value=alice.partner.pk + 10_000) == 0


def test_a_steered_read_restores_the_planner_settings(alice):
    require_postgresql()
    rows = prepared.fetch_all(("test_steered", 1), _named, like="alice", off=("seqscan", "indexscan"))
    assert rows == list(_named("alice")) == [("Alice Auth Ltd",)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')")
        assert cursor.fetchone() == ("on", "on")


def test_a_failed_steered_read_leaves_the_planner_settings_as_they_were(alice):
    require_postgresql()
    from django.db import DatabaseError, transaction

    def failing(text):  # a division by zero in the statement itself
        return _named(text).extra(where=["1 / (length(organization_name) - length(organization_name)) = 1"])

    with pytest.raises(DatabaseError), transaction.atomic():
        prepared.fetch_all(("test_steered", 2), failing, like="alice", off=("seqscan",))
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan')")
        assert cursor.fetchone() == ("on",)


def test_a_steered_count_counts_what_the_orm_counts(alice, bob):
    def build(text):
        return Partner.objects.filter(organization_name__icontains=text).values_list("pk")[:5]

    assert prepared.fetch_count(("test_steered_count", 1), build, like="a", off=("seqscan",)) == 2


def test_only_known_scan_methods_can_be_turned_off(alice):
    require_postgresql()
    with pytest.raises(ValueError, match="unknown scan methods"):
        prepared.fetch_all(("test_steered", 3), _named, like="alice", off=("seqscan; DROP TABLE x",))
