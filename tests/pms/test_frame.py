"""The portal's frame (pms/frame.py): the top bar kept per language with placeholders for each request's values."""

import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_each_user_sees_their_own_name_and_organization_in_the_top_bar(alice_client, bob_client):
    assert 'class="org-name">Alice Auth Ltd<' in alice_client.get("/dashboard/").content.decode()
    html = bob_client.get("/dashboard/").content.decode()
    assert 'class="org-name">Bob Bank<' in html and 'class="username">bob<' in html and "Alice" not in html


def test_a_hostile_organization_name_is_escaped_in_the_top_bar(client):
    user = factories.make_partner_user(username="mallory", partner__organization_name="<script>x()</script>")
    client.force_login(user)
    html = client.get("/dashboard/").content.decode()
    assert "<script>x()</script>" not in html and "&lt;script&gt;x()&lt;/script&gt;" in html


def test_the_language_switcher_returns_to_the_page_it_is_on_with_its_query_escaped(alice_client):
    html = alice_client.get("/apikeys/?search=it's").content.decode()
    assert 'name="next" value="/apikeys/?search=it&#x27;s"' in html


def test_the_top_bar_forms_carry_this_requests_csrf_token(alice_client):
    html = alice_client.get("/dashboard/").content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', html)
    assert len(tokens) >= 2 and "\ue000" not in html  # the switcher's and the logout's; no placeholder left


def test_the_top_bar_follows_the_language_of_each_request(alice_client):
    alice_client.get("/dashboard/")
    alice_client.cookies["pms_language"] = "fr"
    html = alice_client.get("/dashboard/").content.decode()
    assert "Se déconnecter" in html and "Logout" not in html
