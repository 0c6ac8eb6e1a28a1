import pytest

from audit.models import AuditEvent
from tests.factories import PASSWORD, make_partner_user

pytestmark = pytest.mark.django_db


def test_switching_language_when_logged_in_saves_the_preference(alice_client, alice):
    response = alice_client.post("/account/language/", {"language": "ar", "next": "/dashboard/"})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert response.cookies["pms_language"].value == "ar"
    alice.refresh_from_db()
    assert alice.language == "ar"
    assert AuditEvent.objects.get(event="language_changed").details == {"from": "en", "to": "ar"}


def test_page_is_rendered_right_to_left_in_arabic(alice_client):
    alice_client.post("/account/language/", {"language": "ar", "next": "/dashboard/"})
    html = alice_client.get("/dashboard/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html


def test_page_is_rendered_left_to_right_in_french(alice_client):
    alice_client.post("/account/language/", {"language": "fr", "next": "/dashboard/"})
    html = alice_client.get("/dashboard/").content.decode()
    assert '<html lang="fr" dir="ltr">' in html and "bootstrap.min.css" in html


def test_unknown_language_is_refused_without_change(alice_client, alice):
    response = alice_client.post("/account/language/", {"language": "xx", "next": "/dashboard/"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.language == "en"


def test_switcher_never_redirects_to_another_site(client):
    response = client.post("/account/language/", {"language": "fr", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_preferred_language_applies_at_login(client):
    make_partner_user(username="farid", language="fr")
    response = client.post("/accounts/login/", {"login": "farid", "password": PASSWORD})
    assert response.cookies["pms_language"].value == "fr"
    assert '<html lang="fr"' in client.get("/dashboard/").content.decode()


def test_language_chosen_on_the_login_page_becomes_the_preference(client):
    user = make_partner_user(username="farid", language="fr")
    client.post("/account/language/", {"language": "ar", "next": "/accounts/login/"})
    client.post("/accounts/login/", {"login": "farid", "password": PASSWORD})
    user.refresh_from_db()
    assert user.language == "ar"
    assert '<html lang="ar" dir="rtl"' in client.get("/dashboard/").content.decode()


def test_session_without_language_cookie_uses_the_preference(client):
    user = make_partner_user(username="farid", language="ar")
    client.force_login(user)
    response = client.get("/dashboard/")
    assert '<html lang="ar"' in response.content.decode()
    assert response.cookies["pms_language"].value == "ar"
