"""The partner's API key list read as tuples, its rows and filter bar kept per content (apikeys/rows.py)."""

import pytest

from apikeys import services
from pms.portal import onboarding_for

from .factories import approved_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(alice):
    return approved_link(alice.partner)


def test_rows_show_the_policy_of_each_key(alice_client, alice, link):
    services.generate_api_key(partner=alice.partner, link=link, label="prod", actor=alice)
    html = alice_client.get("/apikeys/").content.decode()
    assert f"<td>{link.policy.name}</td>" in html and ">prod</a>" in html


def test_the_filter_bar_follows_the_language(alice_client, link):
    assert "Any status" in alice_client.get("/apikeys/").content.decode()
    alice_client.cookies["pms_language"] = "fr"
    html = alice_client.get("/apikeys/").content.decode()
    assert "Any status" not in html and "Tous les statuts" in html


def test_the_filter_bar_keeps_the_chosen_status(alice_client, link):
    alice_client.get("/apikeys/")
    html = alice_client.get("/apikeys/?status=expired").content.decode()
    assert '<option value="expired" selected>' in html


def test_the_credentials_step_is_done_while_the_partner_has_an_active_key(alice, link):
    key, _ = services.generate_api_key(partner=alice.partner, link=link, label="prod", actor=alice)
    assert dict((step.key, state) for step, state in onboarding_for(alice.partner))["credentials"].done
    services.deactivate_api_key(key=key, actor=alice)
    assert not dict((step.key, state) for step, state in onboarding_for(alice.partner))["credentials"].done


def test_the_list_pages_its_keys_and_counts_them_with_the_page(alice_client, alice, link):
    for n in range(27):
        services.generate_api_key(partner=alice.partner, link=link, label=f"k{n}", actor=alice)
    second = alice_client.get("/apikeys/?page=2").context["page"]
    assert [key.label for key in second.object_list] == ["k1", "k0"] and second.paginator.count == 27
    assert "Page 2 of 2" in alice_client.get("/apikeys/?page=2").content.decode()


def test_a_page_past_the_last_shows_the_last_page(alice_client, alice, link):
    for n in range(27):
        services.generate_api_key(partner=alice.partner, link=link, label=f"k{n}", actor=alice)
    page = alice_client.get("/apikeys/?page=9").context["page"]
    assert page.number == 2 and [key.label for key in page.object_list] == ["k1", "k0"]


def test_a_page_number_past_any_list_shows_the_last_page(alice_client, alice, link):
    services.generate_api_key(partner=alice.partner, link=link, label="prod", actor=alice)
    page = alice_client.get("/apikeys/?page=99999999999999999999").context["page"]
    assert page.number == 1 and [key.label for key in page.object_list] == ["prod"]
