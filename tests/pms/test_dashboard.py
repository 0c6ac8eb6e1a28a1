import pytest

pytestmark = pytest.mark.django_db


def card_titles(response):
    return [str(feature.title) for feature, _pending in response.context["cards"]]


def test_partner_dashboard_shows_the_onboarding_checklist(alice_client):
    response = alice_client.get("/dashboard/")
    steps = response.context["steps"]
    assert steps[0][0].key == "registered" and steps[0][1].done
    assert "Getting started" in response.content.decode()


def test_partner_does_not_get_the_audit_card(alice_client):
    assert "Audit trail" not in card_titles(alice_client.get("/dashboard/"))


def test_partner_admin_gets_the_audit_card_and_no_checklist(dave_client):
    response = dave_client.get("/dashboard/")
    assert "Audit trail" in card_titles(response)
    assert response.context["steps"] == []


def test_navigation_lists_the_same_features_as_the_cards(dave_client):
    html = dave_client.get("/dashboard/").content.decode()
    assert 'href="/audit/"' in html and 'aria-label="Main navigation"' in html


def test_root_sends_visitors_to_login(client):
    assert client.get("/", follow=True).redirect_chain[-1][0].startswith("/accounts/login/")


def test_root_sends_users_to_the_dashboard(alice_client):
    assert alice_client.get("/", follow=True).redirect_chain[-1][0] == "/dashboard/"
