"""Partner pages (group selection, requests) and the admin's queue (PRODUCT.md §2, §5)."""

import pytest

from policies.models import PolicyLink

from .factories import PolicyFactory, PolicyGroupFactory, PolicyLinkFactory, choose_group, ready_to_request

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- Partner ------------------------------------------------------------------------------------------------

def test_select_policy_group_page_lists_active_groups_with_descriptions(alice_client):
    PolicyGroupFactory(name="Banking", description="Banks and insurers")
    PolicyGroupFactory(name="Closed", is_active=False)
    html = text(alice_client.get("/policies/my-group/"))
    assert "Select policy group" in html and "Banks and insurers" in html and "Closed" not in html


def test_partner_selects_its_group_from_the_page(alice_client, alice):
    group = PolicyGroupFactory(name="Banking")
    response = alice_client.post("/policies/my-group/", {"group": str(group.code)}, follow=True)
    assert messages_of(response) == ["Your policy group is now “Banking”."]
    assert alice.partner.policy_group_choice.group == group


def test_group_change_after_approval_is_refused_on_the_page(alice_client, alice):
    link = PolicyLinkFactory(partner=alice.partner, status=PolicyLink.Status.APPROVED)
    choose_group(alice.partner, link.policy.group)
    other = PolicyGroupFactory()
    response = alice_client.post("/policies/my-group/", {"group": str(other.code)})
    assert response.context["form"].errors["group"] == [
        "Your policy group cannot be changed any more: a policy request of yours has been approved."]


def test_request_form_labels_policy_and_purpose_and_offers_the_groups_published_policies(alice_client, alice):
    policy = ready_to_request(alice.partner)
    PolicyFactory(group=policy.group, status="draft", name="Hidden draft")
    html = text(alice_client.get("/policies/requests/new/"))
    assert ">Policy <span" in html and ">Purpose <span" in html
    assert policy.name in html and "Hidden draft" not in html


def test_partner_requests_a_policy_and_sees_it_in_progress(alice_client, alice):
    policy = ready_to_request(alice.partner)
    response = alice_client.post("/policies/requests/new/", {"policy": str(policy.code), "purpose": "Login"},
                                 follow=True)
    assert response.redirect_chain[-1][0] == "/policies/requests/"
    assert "In progress" in text(response) and policy.name in text(response)


def test_request_without_certificate_shows_the_reason(alice_client, alice):
    policy = PolicyFactory()
    choose_group(alice.partner, policy.group)
    response = alice_client.post("/policies/requests/new/", {"policy": str(policy.code), "purpose": "Login"})
    assert response.context["form"].non_field_errors() == [
        "Upload a valid partner certificate before requesting a policy."]
    assert "Upload a valid partner certificate first." in text(response)


def test_request_for_a_draft_shows_the_reason_on_the_policy_field(alice_client, alice):
    policy = ready_to_request(alice.partner)
    draft = PolicyFactory(group=policy.group, status="draft")
    response = alice_client.post("/policies/requests/new/", {"policy": str(draft.code), "purpose": "x"})
    assert response.context["form"].errors["policy"] == ["Only published policies can be requested."]


def test_request_for_another_groups_policy_shows_the_reason(alice_client, alice):
    ready_to_request(alice.partner)
    response = alice_client.post("/policies/requests/new/", {"policy": str(PolicyFactory().code),
                                                             "purpose": "x"})
    assert response.context["form"].errors["policy"] == [
        "This policy belongs to another policy group than yours."]


def test_second_request_for_the_same_policy_shows_the_reason(alice_client, alice):
    policy = ready_to_request(alice.partner)
    PolicyLinkFactory(partner=alice.partner, policy=policy)
    response = alice_client.post("/policies/requests/new/", {"policy": str(policy.code), "purpose": "x"})
    assert response.context["form"].errors["policy"] == [
        "You have already requested this policy: the request is in progress or approved."]


def test_purpose_longer_than_500_characters_is_refused_and_kept(alice_client, alice):
    policy = ready_to_request(alice.partner)
    response = alice_client.post("/policies/requests/new/", {"policy": str(policy.code),
                                                             "purpose": "p" * 501})
    assert "at most 500 characters" in response.context["form"].errors["purpose"][0]
    assert "p" * 501 in text(response)


def test_partner_sees_the_rejection_reason(alice_client, alice):
    link = PolicyLinkFactory(partner=alice.partner, status=PolicyLink.Status.REJECTED, comment="Too vague")
    assert "Too vague" in text(alice_client.get("/policies/requests/"))
    assert "Too vague" in text(alice_client.get(f"/policies/requests/{link.code}/"))


def test_partner_cannot_open_another_partners_request(bob_client, alice):
    link = PolicyLinkFactory(partner=alice.partner)
    assert bob_client.get(f"/policies/requests/{link.code}/").status_code == 404


def test_partner_list_shows_only_its_own_requests(alice_client, alice, bob):
    own = PolicyLinkFactory(partner=alice.partner)
    PolicyLinkFactory(partner=bob.partner)
    assert list(alice_client.get("/policies/requests/").context["page"].object_list) == [own]


# --- Admin --------------------------------------------------------------------------------------------------

def test_queue_shows_pending_requests_first(dave_client):
    approved = PolicyLinkFactory(status=PolicyLink.Status.APPROVED)
    old_pending = PolicyLinkFactory()
    new_pending = PolicyLinkFactory()
    rows = dave_client.get("/policies/links/").context["page"].object_list
    assert [row.code for row in rows] == [old_pending.code, new_pending.code, approved.code]


def test_queue_filters_by_status_group_and_partner(dave_client):
    wanted = PolicyLinkFactory(partner__organization_name="Acme Bank")
    PolicyLinkFactory(policy__group=wanted.policy.group, status=PolicyLink.Status.REJECTED)
    PolicyLinkFactory()
    query = f"?status=in_progress&group={wanted.policy.group.code}&q=acme"
    assert [row.code for row in dave_client.get("/policies/links/" + query).context["page"].object_list] == [
        wanted.code]


def test_queue_is_paginated(dave_client):
    PolicyLinkFactory.create_batch(26)
    response = dave_client.get("/policies/links/?page=2")
    assert len(response.context["page"].object_list) == 1 and "Page 2 of 2" in text(response)


# (not named "page": that is Playwright's fixture, and a parameter of that name makes the test a browser test)
@pytest.mark.parametrize("number", ["abc", "0", "-3", "99999999999999999999", "2\x00"])
def test_a_queue_page_that_is_not_one_shows_the_first_or_the_last(dave_client, number):
    PolicyLinkFactory.create_batch(26)
    response = dave_client.get("/policies/links/", {"page": number})
    assert response.status_code == 200 and len(response.context["page"].object_list) in (25, 1)


def test_a_queue_row_shows_the_link_and_the_decisions_a_pending_one_awaits(dave_client):
    pending = PolicyLinkFactory(partner__organization_name="Acme Bank", purpose="Bank login")
    approved = PolicyLinkFactory(status=PolicyLink.Status.APPROVED)
    html = text(dave_client.get("/policies/links/"))
    assert "Acme Bank" in html and "Bank login" in html and pending.policy.name in html
    assert pending.policy.group.name in html and "In progress" in html and "Approved" in html
    assert f"/policies/links/{pending.code}/approve/" in html and f"/policies/links/{pending.code}/reject/" in html
    assert f"/policies/links/{approved.code}/" in html and f"/policies/links/{approved.code}/approve/" not in html


def pending_badge(client) -> str:
    import re

    found = re.search(r'text-bg-warning">(\d+ pending)<', text(client.get("/policies/links/")))
    return found.group(1) if found else ""


def test_the_pending_badge_drops_as_soon_as_a_request_is_decided(dave_client):
    first, _second = PolicyLinkFactory(), PolicyLinkFactory()
    choose_group(first.partner, first.policy.group)
    assert pending_badge(dave_client) == "2 pending"
    dave_client.post(f"/policies/links/{first.code}/approve/", {"note": ""})
    assert pending_badge(dave_client) == "1 pending"


def test_the_pending_badge_rises_as_soon_as_a_partner_requests(dave_client):
    PolicyLinkFactory()
    assert pending_badge(dave_client) == "1 pending"
    PolicyLinkFactory()
    assert pending_badge(dave_client) == "2 pending"


def test_the_pending_badge_leaves_out_a_partner_deactivated_since(dave_client, dave):
    from partners.services import deactivate_partner

    link, _other = PolicyLinkFactory(), PolicyLinkFactory()
    assert pending_badge(dave_client) == "2 pending"
    deactivate_partner(partner=link.partner, actor=dave)
    assert pending_badge(dave_client) == "1 pending"


def test_approve_has_a_confirmation_page_then_approves_with_the_note(dave_client):
    link = PolicyLinkFactory(purpose="Bank login")
    choose_group(link.partner, link.policy.group)
    confirmation = dave_client.get(f"/policies/links/{link.code}/approve/")
    assert "Bank login" in text(confirmation) and "Note for the partner" in text(confirmation)
    response = dave_client.post(f"/policies/links/{link.code}/approve/", {"note": "Welcome"}, follow=True)
    assert messages_of(response) == ["Request approved."]
    link.refresh_from_db()
    assert (link.status, link.comment) == ("approved", "Welcome")


def test_reject_without_comment_is_refused_on_the_confirmation_page(dave_client):
    link = PolicyLinkFactory()
    response = dave_client.post(f"/policies/links/{link.code}/reject/", {"comment": ""})
    assert response.context["form"].errors["comment"] == [
        "Give the reason for the rejection: the partner will see it."]
    link.refresh_from_db()
    assert link.is_pending


def test_reject_with_a_comment(dave_client):
    link = PolicyLinkFactory()
    dave_client.post(f"/policies/links/{link.code}/reject/", {"comment": "Incomplete"})
    link.refresh_from_db()
    assert (link.status, link.comment) == ("rejected", "Incomplete")


def test_approved_link_is_deactivated_after_confirmation(dave_client):
    link = PolicyLinkFactory(status=PolicyLink.Status.APPROVED)
    assert "Deactivate link" in text(dave_client.get(f"/policies/links/{link.code}/deactivate/"))
    dave_client.post(f"/policies/links/{link.code}/deactivate/", {"reason": "Ended"})
    link.refresh_from_db()
    assert link.status == "deactivated"


def test_approving_a_decided_request_shows_why_not(dave_client):
    link = PolicyLinkFactory(status=PolicyLink.Status.REJECTED)
    response = dave_client.post(f"/policies/links/{link.code}/approve/", {"note": ""}, follow=True)
    assert messages_of(response) == ["This request has already been decided (Rejected)."]
