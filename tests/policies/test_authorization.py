"""Every policies and partner-admin URL, tried as each actor (STYLE.md §6): anonymous visitors go to the
login page, the wrong role gets 403, another partner's row is a 404."""

import pytest

from policies.models import Policy

from .factories import PolicyFactory, PolicyGroupFactory, PolicyLinkFactory

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "alice", "bob", "carol", "dave"]
STAFF = {"anonymous": 302, "alice": 403, "bob": 403, "carol": 200, "dave": 200}  # manage_policies
REVIEW = {"anonymous": 302, "alice": 403, "bob": 403, "carol": 403, "dave": 200}  # review_policy_links
PARTNERS = {"anonymous": 302, "alice": 403, "bob": 403, "carol": 403, "dave": 200}  # manage_partners
PARTNER = {"anonymous": 302, "alice": 200, "bob": 200, "carol": 403, "dave": 403}  # partner pages
OWN = {"anonymous": 302, "alice": 200, "bob": 404, "carol": 403, "dave": 403}  # alice's own rows
HOME = {"anonymous": 302, "alice": 302, "bob": 302, "carol": 302, "dave": 302}  # to each role's page
AFTER_POST = {"anonymous": 302, "alice": 403, "bob": 403, "carol": 302, "dave": 302}  # POST-only actions

CASES = [
    ("GET", "/policies/", HOME),
    ("GET", "/policies/catalog/", STAFF),
    ("GET", "/policies/catalog/new/auth/", STAFF),
    ("GET", "/policies/catalog/new/datashare/", STAFF),
    ("GET", "/policies/catalog/{draft}/", STAFF),
    ("GET", "/policies/catalog/{draft}/edit/", STAFF),
    ("GET", "/policies/catalog/{draft}/publish/", STAFF),
    ("GET", "/policies/catalog/{published}/deactivate/", STAFF),
    ("GET", "/policies/catalog/{published}/clone/", STAFF),
    ("GET", "/policies/catalog/{published}/document.json", STAFF),
    ("GET", "/policies/groups/", STAFF),
    ("GET", "/policies/groups/new/", STAFF),
    ("GET", "/policies/groups/{group}/", STAFF),
    ("GET", "/policies/groups/{group}/edit/", STAFF),
    ("GET", "/policies/groups/{group}/deactivate/", STAFF),
    ("POST", "/policies/groups/{inactive_group}/activate/", AFTER_POST),
    ("GET", "/policies/my-group/", PARTNER),
    ("GET", "/policies/requests/", PARTNER),
    ("GET", "/policies/requests/new/", PARTNER),
    ("GET", "/policies/requests/{link}/", OWN),
    ("GET", "/policies/links/", REVIEW),
    ("GET", "/policies/links/{link}/", REVIEW),
    ("GET", "/policies/links/{link}/approve/", REVIEW),
    ("GET", "/policies/links/{link}/reject/", REVIEW),
    ("GET", "/policies/links/{approved_link}/deactivate/", REVIEW),
    ("GET", "/partners/", PARTNERS),
    ("GET", "/partners/{partner}/", PARTNERS),
    ("GET", "/partners/{partner}/deactivate/", PARTNERS),
]


@pytest.fixture
def objects(alice, bob, carol, dave):
    group = PolicyGroupFactory()
    return {
        "group": group.code, "inactive_group": PolicyGroupFactory(is_active=False).code,
        "draft": PolicyFactory(group=group, status=Policy.Status.DRAFT).code,
        "published": PolicyFactory(group=group).code,
        "link": PolicyLinkFactory(partner=alice.partner).code,
        "approved_link": PolicyLinkFactory(partner=alice.partner, status="approved").code,
        "partner": alice.partner.code,
    }


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("method", "url", "expected"), CASES, ids=[f"{m} {u}" for m, u, _e in CASES])
def test_every_url_answers_each_actor_as_its_role_allows(client, request, objects, actor, method, url,
                                                         expected):
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))
    path = url.format(**objects)
    response = client.get(path) if method == "GET" else client.post(path)
    assert response.status_code == expected[actor], (actor, path)
    if expected[actor] == 302 and actor == "anonymous":
        assert response["Location"].startswith("/accounts/login/")


def test_device_providers_do_not_get_the_policy_pages(client):
    from tests.factories import make_partner_user

    client.force_login(make_partner_user(type_code="device-provider"))
    assert client.get("/policies/requests/").status_code == 403
    assert client.get("/policies/my-group/").status_code == 403
    assert client.get("/policies/").status_code == 403


@pytest.mark.parametrize(("actor", "target"), [("alice", "/policies/requests/"), ("carol", "/policies/catalog/"),
                                               ("dave", "/policies/catalog/")])
def test_policies_root_leads_each_role_to_its_page(client, request, actor, target):
    client.force_login(request.getfixturevalue(actor))
    assert client.get("/policies/")["Location"] == target
