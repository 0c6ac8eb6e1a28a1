"""Redirect targets (`next` on the language switch, login, logout): a path on this site, else a safe page."""

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

HOSTILE_NEXT = ["abc", "//evil.example/", "https://evil.example/x", "/\\evil.example", "\\\\evil.example",
                "javascript:alert(1)", "/ok\r\nSet-Cookie: x=1", "/ok\x00", "http:/evil.example", "/" + "a" * 3000,
                "\u202e//evil.example"]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_the_language_switch_falls_back_to_the_home_page(client, target):
    response = client.post("/account/language/", {"language": "fr", "next": target})

    assert response.status_code == 302 and response["Location"] == "/"


def test_the_language_switch_falls_back_even_when_the_language_is_refused(client):
    response = client.post("/account/language/", {"language": "xx", "next": "abc"})

    assert response.status_code == 302 and response["Location"] == "/"


def test_the_language_switch_returns_to_a_page_of_the_site(client):
    response = client.post("/account/language/", {"language": "ar", "next": "/policies/?page=2"})

    assert response["Location"] == "/policies/?page=2"


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_login_ignores_a_hostile_next_and_opens_the_dashboard(client, alice, target):
    response = client.post("/accounts/login/", {"login": "alice", "password": PASSWORD, "next": target})

    assert response.status_code == 302 and response["Location"] == "/dashboard/"


def test_login_follows_next_on_the_site(client, alice):
    response = client.post("/accounts/login/?next=/apikeys/", {"login": "alice", "password": PASSWORD})

    assert response["Location"] == "/apikeys/"


@pytest.mark.parametrize("target", ["abc", "//evil.example/", "https://evil.example/"])
def test_logout_ignores_a_hostile_next(alice_client, target):
    response = alice_client.post("/accounts/logout/", {"next": target})

    assert response.status_code == 302 and response["Location"] == "/accounts/login/"


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/"])
def test_the_admin_login_never_redirects_off_site(client, target):
    from tests.factories import UserFactory

    UserFactory(username="root", is_staff=True, is_superuser=True)
    response = client.post(f"/admin/login/?next={target}", {"username": "root", "password": PASSWORD})

    assert response.status_code == 302 and not response["Location"].startswith(("//", "http"))
