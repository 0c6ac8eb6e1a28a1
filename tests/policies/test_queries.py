"""List pages run a constant number of queries, whatever the number of rows (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PartnerFactory

from .factories import PolicyFactory, PolicyGroupFactory, PolicyLinkFactory, choose_group

pytestmark = pytest.mark.django_db


def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def grow(make, count):
    for _ in range(count):
        make()


def assert_constant(client, path, make):
    make()
    one = queries(client, path)
    grow(make, 199)
    assert queries(client, path) == one


def test_group_list_queries_do_not_grow_with_rows(carol_client):
    def make():
        group = PolicyGroupFactory()
        PolicyFactory(group=group)
        choose_group(PartnerFactory(), group)

    assert_constant(carol_client, "/policies/groups/?sort=name", make)


def test_policy_list_queries_do_not_grow_with_rows(carol_client):
    assert_constant(carol_client, "/policies/catalog/", PolicyFactory)


def test_group_detail_queries_do_not_grow_with_policies(carol_client):
    group = PolicyGroupFactory()
    assert_constant(carol_client, f"/policies/groups/{group.code}/", lambda: PolicyFactory(group=group))


def test_link_queue_queries_do_not_grow_with_rows(dave_client):
    assert_constant(dave_client, "/policies/links/?page=1", PolicyLinkFactory)


def test_partners_own_request_list_queries_do_not_grow_with_rows(alice_client, alice):
    assert_constant(alice_client, "/policies/requests/", lambda: PolicyLinkFactory(partner=alice.partner))
