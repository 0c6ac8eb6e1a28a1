"""The partner admin's partner pages (PRODUCT.md §8): list, detail with every app's sections, deactivation."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from partners.models import Partner
from policies.models import PolicyLink
from tests.factories import PartnerUserFactory, make_partner_user
from tests.policies.factories import PolicyGroupFactory, PolicyLinkFactory, choose_group

pytestmark = pytest.mark.django_db


def listed(response) -> list[str]:
    return [partner.organization_name for partner in response.context["page"].object_list]


def test_list_shows_every_partner_with_type_email_and_status(dave_client, alice, bob):
    html = dave_client.get("/partners/").content.decode()
    for text in ["Alice Auth Ltd", "Bob Bank", alice.partner.partner_id, "alice@example.org",
                 "Authentication Partner", "Active"]:
        assert text in html


def test_list_shows_the_email_of_the_partners_first_user(dave_client, alice):
    PartnerUserFactory(partner=alice.partner, email="later@example.org",
                       date_joined=alice.date_joined + timedelta(days=1))
    html = dave_client.get("/partners/").content.decode()
    assert "alice@example.org" in html and "later@example.org" not in html


@pytest.mark.parametrize(("query", "expected"), [
    ("q=bob", ["Bob Bank"]), ("q=alice@example", ["Alice Auth Ltd"]), ("type=device-provider", ["Scan Co"]),
    ("status=deactivated", ["Gone Ltd"]), ("q=AP-T", ["Alice Auth Ltd", "Bob Bank", "Gone Ltd"]),
])
def test_list_filters_by_search_type_and_status(dave_client, alice, bob, query, expected):
    make_partner_user(type_code="device-provider", partner__organization_name="Scan Co",
                      partner__partner_id="DP-SCAN01")
    make_partner_user(partner__organization_name="Gone Ltd", partner__status=Partner.Status.DEACTIVATED)
    assert sorted(listed(dave_client.get(f"/partners/?{query}"))) == expected


def test_list_sorts_newest_first_on_request(dave_client, alice, bob):
    assert listed(dave_client.get("/partners/?sort=-registered")) == ["Bob Bank", "Alice Auth Ltd"]


def test_empty_list_says_how_partners_arrive(dave_client):
    assert "Partners register themselves" in dave_client.get("/partners/").content.decode()


def test_list_queries_do_not_grow_with_rows(dave_client):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            dave_client.get("/partners/")
        return len(captured)

    PartnerUserFactory()
    count()  # caches filled (the filter bar's partner types)
    one = count()
    PartnerUserFactory.create_batch(199)
    assert count() == one


def test_detail_shows_profile_users_and_the_policy_section(dave_client, alice):
    choose_group(alice.partner, PolicyGroupFactory(name="Banking"))
    PolicyLinkFactory(partner=alice.partner, policy__name="KYC policy", status=PolicyLink.Status.APPROVED)
    html = dave_client.get(f"/partners/{alice.partner.code}/").content.decode()
    for text in [alice.partner.partner_id, "+33123456789", "alice@example.org", "Banking", "KYC policy",
                 "Approved", "Deactivate partner"]:
        assert text in html


def test_unknown_partner_is_not_found(dave_client):
    assert dave_client.get("/partners/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_deactivation_asks_for_confirmation(dave_client, alice):
    response = dave_client.get(f"/partners/{alice.partner.code}/deactivate/")
    assert "can no longer log in" in response.content.decode()
    alice.partner.refresh_from_db()
    assert alice.partner.is_active


def test_deactivated_partner_cannot_log_in_and_its_links_stop_counting(dave_client, alice, client):
    from policies.selectors import approved_links

    PolicyLinkFactory(partner=alice.partner, status=PolicyLink.Status.APPROVED)
    response = dave_client.post(f"/partners/{alice.partner.code}/deactivate/", {"reason": "Fraud"},
                                follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Alice Auth Ltd is deactivated: its users can no longer log in."]
    assert AuditEvent.objects.get(event="partner_deactivated").details["reason"] == "Fraud"
    assert not client.login(username="alice", password="correct-horse-battery-staple")
    assert not approved_links(alice.partner).exists()


def test_deactivating_twice_says_it_is_already_done(dave_client, alice):
    dave_client.post(f"/partners/{alice.partner.code}/deactivate/", {"reason": ""}, follow=True)
    response = dave_client.post(f"/partners/{alice.partner.code}/deactivate/", {"reason": ""}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["This partner is already deactivated."]
