"""Hot reads compiled once per process and prepared once per connection (pms/prepared.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Partner
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
