"""The partner admin's "Authentication services" pages: who may open them, what the lists show and find."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apikeys import services
from apikeys.models import ApiKey
from pms.formats import format_date
from policies.services import linking
from tests.certificates.factories import install_hierarchy
from tests.factories import make_partner_user

from .factories import approved_link, approved_link_on, make_client, make_key, secret_of

pytestmark = pytest.mark.django_db
KEYS, CLIENTS = "/auth-services/", "/auth-services/oidc/"


@pytest.fixture
def link(alice):
    return approved_link(alice.partner, policy_name="Bank login")


@pytest.fixture
def key(link):
    return make_key(link, "production")[0]


@pytest.fixture
def client_app(link):
    return make_client(link, "Mobile app")


@pytest.fixture
def pages(key, client_app):
    return [KEYS, CLIENTS, f"/auth-services/keys/{key.code}/", f"/auth-services/keys/{key.code}/deactivate/",
            f"/auth-services/oidc/{client_app.code}/", f"/auth-services/oidc/{client_app.code}/deactivate/"]


def labels(response) -> list[str]:
    return [item.label for item in response.context["page"].object_list]


def names(response) -> list[str]:
    return [item.name for item in response.context["page"].object_list]


# --- Who may open the pages ------------------------------------------------------------------------------

def test_partner_admin_opens_every_authentication_services_page(dave_client, pages):
    assert [dave_client.get(path).status_code for path in pages] == [200] * len(pages)


def test_partner_gets_403_on_every_authentication_services_page(alice_client, pages):
    assert [alice_client.get(path).status_code for path in pages] == [403] * len(pages)


def test_policy_manager_gets_403_on_every_authentication_services_page(carol_client, pages):
    assert [carol_client.get(path).status_code for path in pages] == [403] * len(pages)


def test_anonymous_visitor_is_sent_to_login(client, pages):
    for path in pages:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), path


def test_partner_cannot_deactivate_through_the_admin_page(alice_client, key):
    response = alice_client.post(f"/auth-services/keys/{key.code}/deactivate/", {"reason": "mine"})
    key.refresh_from_db()
    assert response.status_code == 403 and key.status == "active"


def test_unknown_credential_is_404_for_the_admin(dave_client):
    assert dave_client.get("/auth-services/keys/4b6c1c52-0000-4000-8000-000000000000/").status_code == 404
    assert dave_client.get("/auth-services/oidc/4b6c1c52-0000-4000-8000-000000000000/").status_code == 404


def test_another_partner_still_gets_404_on_the_partners_own_pages(bob_client, key, client_app):
    assert bob_client.get(f"/apikeys/{key.code}/").status_code == 404
    assert bob_client.get(f"/apikeys/oidc/{client_app.code}/").status_code == 404


def test_admin_dashboard_has_the_authentication_services_card(dave_client):
    response = dave_client.get("/dashboard/")
    cards = {str(feature.title): feature.url for feature, _pending in response.context["cards"]}
    assert cards["Authentication services"] == KEYS
    assert f'href="{KEYS}"' in response.content.decode()  # and the navigation entry


def test_partner_keeps_its_own_authentication_services_card(alice_client):
    cards = {str(feature.title): feature.url for feature, _pending in alice_client.get("/dashboard/").context["cards"]}
    assert cards["Authentication services"] == "/apikeys/"


def test_policy_manager_has_no_authentication_services_card(carol_client):
    cards = [str(feature.title) for feature, _pending in carol_client.get("/dashboard/").context["cards"]]
    assert "Authentication services" not in cards


# --- What the lists show ---------------------------------------------------------------------------------

def test_key_list_shows_partner_label_policy_prefix_dates_and_status(dave_client, key):
    html = dave_client.get(KEYS).content.decode()
    for text in ["Alice Auth Ltd", key.partner.partner_id, "production", "Bank login", f"{key.prefix}…",
                 format_date(key.expires_at), "Active"]:
        assert text in html, text
    assert f'href="/auth-services/keys/{key.code}/"' in html


def test_client_list_shows_partner_name_policy_client_id_and_status(dave_client, client_app):
    html = dave_client.get(CLIENTS).content.decode()
    for text in ["Alice Auth Ltd", "Mobile app", "Bank login", client_app.client_id, "Active"]:
        assert text in html, text
    assert f'href="/auth-services/oidc/{client_app.code}/"' in html


def test_key_itself_never_appears_on_the_admin_pages(dave_client, link):
    key, plaintext = make_key(link, "secret-one")
    secret = secret_of(plaintext)
    for path in [KEYS, f"/auth-services/keys/{key.code}/", f"/auth-services/keys/{key.code}/deactivate/",
                 f"/partners/{key.partner.code}/"]:
        html = dave_client.get(path).content.decode()
        assert secret not in html and key.key_hash not in html, path
        assert key.prefix in html, path


def test_status_reads_as_the_user_should_read_it(dave_client, dave, alice, link):
    active = make_key(link, "active")[0]
    expired = make_key(link, "expired")[0]
    ApiKey.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    gone = make_key(link, "gone")[0]
    services.deactivate_api_key(key=gone, actor=alice)
    statuses = {k.label: k.effective_status for k in dave_client.get(KEYS).context["page"].object_list}
    assert statuses == {"active": "active", "expired": "expired", "gone": "deactivated"}
    linking.deactivate_link(link=link, actor=dave)
    assert dave_client.get(f"/auth-services/keys/{active.code}/").context["effective_status"] == "suspended"


@pytest.mark.parametrize(("status", "expected"), [
    ("active", ["active"]), ("expired", ["expired"]), ("suspended", ["suspended"]), ("deactivated", ["gone"]),
    ("", ["gone", "suspended", "expired", "active"])])
def test_key_list_filters_by_status(dave_client, dave, alice, bob, link, status, expected):
    make_key(link, "active")
    expired = make_key(link, "expired")[0]
    ApiKey.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    other = approved_link_on(bob.partner, link.policy, admin=dave)
    make_key(other, "suspended")
    linking.deactivate_link(link=other, actor=dave)
    services.deactivate_api_key(key=make_key(link, "gone")[0], actor=alice)
    assert labels(dave_client.get(KEYS, {"status": status})) == expected


def test_client_list_filters_by_status(dave_client, dave, alice, client_app):
    gone = make_client(client_app.link, "Old app")
    services.deactivate_oidc_client(client=gone, actor=alice)
    assert names(dave_client.get(CLIENTS, {"status": "deactivated"})) == ["Old app"]
    assert names(dave_client.get(CLIENTS, {"status": "active"})) == ["Mobile app"]
    linking.deactivate_link(link=client_app.link, actor=dave)
    assert names(dave_client.get(CLIENTS, {"status": "suspended"})) == ["Mobile app"]


def test_key_list_filters_by_partner_id_and_policy(dave_client, dave, bob, link):
    make_key(link, "alice-key")
    other = approved_link(bob.partner, admin=dave, policy_name="Card payments")
    make_key(other, "bob-key")
    assert labels(dave_client.get(KEYS, {"partner": bob.partner.partner_id.lower()})) == ["bob-key"]
    assert labels(dave_client.get(KEYS, {"policy": str(link.policy.code)})) == ["alice-key"]


def test_client_list_filters_by_partner_id_and_policy(dave_client, dave, bob, client_app):
    other = approved_link(bob.partner, admin=dave, policy_name="Card payments")
    make_client(other, "Bob app")
    assert names(dave_client.get(CLIENTS, {"partner": bob.partner.partner_id})) == ["Bob app"]
    assert names(dave_client.get(CLIENTS, {"policy": str(client_app.link.policy.code)})) == ["Mobile app"]


def test_key_list_filters_by_creation_and_expiry_dates(dave_client, link):
    old, new = make_key(link, "old")[0], make_key(link, "new")[0]
    ApiKey.objects.filter(pk=old.pk).update(created_at=dt.datetime(2025, 1, 10, 12, tzinfo=dt.UTC),
                                            expires_at=dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC))
    assert labels(dave_client.get(KEYS, {"created_from": "2025-01-10", "created_to": "2025-01-10"})) == ["old"]
    assert labels(dave_client.get(KEYS, {"created_from": "2025-01-11"})) == ["new"]
    assert labels(dave_client.get(KEYS, {"expires_to": "2026-01-10"})) == ["old"]
    assert labels(dave_client.get(KEYS, {"expires_from": "2026-01-11"})) == ["new"]
    assert new.pk


def test_client_list_filters_by_creation_date(dave_client, client_app):
    old = make_client(client_app.link, "Old app")
    type(old).objects.filter(pk=old.pk).update(created_at=dt.datetime(2025, 1, 10, 12, tzinfo=dt.UTC))
    assert names(dave_client.get(CLIENTS, {"created_to": "2025-01-10"})) == ["Old app"]
    assert names(dave_client.get(CLIENTS, {"created_from": "2025-01-11"})) == ["Mobile app"]


def test_a_date_range_that_ends_before_it_starts_is_explained(dave_client, key):
    response = dave_client.get(KEYS, {"created_from": "2026-02-01", "created_to": "2026-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["created_to"] == ["The end date must be on or after the start date."]


@pytest.mark.parametrize("query", ["product", "PRODUCTION", "Alice Auth", "partner_id", "prefix", "public_id",
                                   "PREFIX"])
def test_key_search_finds_label_prefix_partner_id_and_organization(dave_client, bob, dave, key, query):
    make_key(approved_link(bob.partner, admin=dave), "bob-key")
    value = {"partner_id": key.partner.partner_id, "prefix": key.prefix, "public_id": key.public_id,
             "PREFIX": key.prefix.upper()}.get(query, query)
    assert labels(dave_client.get(KEYS, {"q": value})) == ["production"]


def test_key_search_finds_a_key_from_the_whole_key_pasted_from_a_leak(dave_client, link):
    make_key(link, "other")
    _key, plaintext = make_key(link, "leaked")
    assert labels(dave_client.get(KEYS, {"q": plaintext})) == ["leaked"]
    assert labels(dave_client.get(KEYS, {"q": plaintext[:8]})) == ["leaked"]  # the start of a prefix


@pytest.mark.parametrize("query", ["mobile", "client_id", "Alice Auth", "partner_id"])
def test_client_search_finds_name_client_id_partner_id_and_organization(dave_client, bob, dave, client_app, query):
    make_client(approved_link(bob.partner, admin=dave), "Bob app")
    value = {"client_id": client_app.client_id, "partner_id": client_app.partner.partner_id}.get(query, query)
    assert names(dave_client.get(CLIENTS, {"q": value})) == ["Mobile app"]


def test_key_list_sorts(dave_client, dave, bob, link):
    first, second = make_key(link, "b-first")[0], make_key(link, "a-second")[0]
    ApiKey.objects.filter(pk=first.pk).update(expires_at=second.expires_at + dt.timedelta(days=1))
    make_key(approved_link(bob.partner, admin=dave), "c-bob")
    assert labels(dave_client.get(KEYS)) == ["c-bob", "a-second", "b-first"]
    assert labels(dave_client.get(KEYS, {"sort": "created"})) == ["b-first", "a-second", "c-bob"]
    assert labels(dave_client.get(KEYS, {"sort": "label"})) == ["a-second", "b-first", "c-bob"]
    assert labels(dave_client.get(KEYS, {"sort": "-expires"}))[0] == "b-first"
    assert labels(dave_client.get(KEYS, {"sort": "partner"})) == ["a-second", "b-first", "c-bob"]


def test_client_list_sorts_by_name(dave_client, client_app):
    make_client(client_app.link, "Admin console")
    assert names(dave_client.get(CLIENTS, {"sort": "name"})) == ["Admin console", "Mobile app"]
    assert names(dave_client.get(CLIENTS, {"sort": "created"})) == ["Mobile app", "Admin console"]


def test_key_list_is_paginated(dave_client, link):
    for n in range(26):
        make_key(link, f"key-{n:02d}")
    first, second = dave_client.get(KEYS), dave_client.get(KEYS, {"page": 2})
    assert len(labels(first)) == 25 and labels(second) == ["key-00"]
    assert "26 API keys" in first.content.decode() and "Page 1 of 2" in first.content.decode()


def test_hostile_filter_values_do_not_break_the_lists(dave_client, key):
    query = {"status": "weird", "policy": "not-a-uuid", "created_from": "yesterday", "sort": "password",
             "page": "x", "q": "' OR 1=1 --", "partner": "<script>"}
    assert dave_client.get(KEYS, query).status_code == 200
    assert dave_client.get(CLIENTS, query).status_code == 200


def test_empty_lists_say_what_to_do_next(dave_client):
    assert "once you approve one of their policy requests" in dave_client.get(KEYS).content.decode()
    assert "once you approve one of their policy requests" in dave_client.get(CLIENTS).content.decode()
    assert "Clear the filters" in dave_client.get(KEYS, {"q": "nothing"}).content.decode()
    assert "Clear the filters" in dave_client.get(CLIENTS, {"q": "nothing"}).content.decode()


# --- Constant query count --------------------------------------------------------------------------------

def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_key_list_runs_the_same_number_of_queries_for_1_and_many_keys_of_many_partners(dave_client, dave, link):
    make_key(link, "k0")
    one = _queries(dave_client, KEYS)
    hierarchy = install_hierarchy("AUTH")
    for n in range(3):
        partner = make_partner_user(username=f"extra{n}").partner
        other = approved_link_on(partner, link.policy, admin=dave, hierarchy=hierarchy)
        for m in range(8):
            make_key(other, f"k{n}-{m}")
    assert _queries(dave_client, KEYS) == one


def test_client_list_runs_the_same_number_of_queries_for_1_and_many_clients_of_many_partners(dave_client, dave,
                                                                                               client_app):
    one = _queries(dave_client, CLIENTS)
    hierarchy = install_hierarchy("AUTH")
    for n in range(3):
        partner = make_partner_user(username=f"extra{n}").partner
        other = approved_link_on(partner, client_app.link.policy, admin=dave, hierarchy=hierarchy)
        for m in range(8):
            make_client(other, f"RP {n}-{m}")
    assert _queries(dave_client, CLIENTS) == one


# --- The admin's partner page ----------------------------------------------------------------------------

def test_partner_page_links_credentials_to_their_admin_pages(dave_client, key, client_app):
    html = dave_client.get(f"/partners/{key.partner.code}/").content.decode()
    assert f'href="/auth-services/keys/{key.code}/"' in html
    assert f'href="/auth-services/oidc/{client_app.code}/"' in html


def test_partner_page_shows_the_newest_keys_and_links_to_all_of_them(dave_client, link):
    for n in range(12):
        make_key(link, f"key-{n:02d}")
    html = dave_client.get(f"/partners/{link.partner.code}/").content.decode()
    assert "key-11" in html and "key-00" not in html
    assert f'href="/auth-services/?partner={link.partner.partner_id}"' in html and "See all 12 API keys" in html
