"""Policy group selection and partner–policy linking (PRODUCT.md §2, §5): each rule and its message."""

import pytest
from django.core import mail

from audit.models import AuditEvent
from pms.errors import Refused
from policies import selectors, services
from policies.models import PartnerPolicyGroup, Policy, PolicyLink, PolicyType
from tests.certificates.factories import give_valid_partner_certificate
from tests.factories import make_partner_user

from .factories import PolicyFactory, PolicyGroupFactory, PolicyLinkFactory, choose_group, ready_to_request

pytestmark = pytest.mark.django_db


def refusal_of(call, **kwargs) -> Refused:
    with pytest.raises(Refused) as caught:
        call(**kwargs)
    return caught.value


# --- Policy group selection ---------------------------------------------------------------------------------

def test_partner_selects_a_group_and_it_is_audited(alice):
    group = PolicyGroupFactory(name="Banking")
    services.select_policy_group(partner=alice.partner, group=group, actor=alice)
    assert selectors.partner_group(alice.partner) == group
    event = AuditEvent.objects.get(event="policy_group_selected")
    assert (event.details["group"], event.actor) == ("Banking", "alice")


def test_partner_changes_its_group_while_nothing_is_approved(alice):
    choose_group(alice.partner, PolicyGroupFactory())
    PolicyLinkFactory(partner=alice.partner, status=PolicyLink.Status.REJECTED)
    other = PolicyGroupFactory()
    services.select_policy_group(partner=alice.partner, group=other, actor=alice)
    assert PartnerPolicyGroup.objects.get(partner=alice.partner).group == other


def test_group_cannot_change_after_an_approval(alice):
    policy = PolicyFactory()
    choose_group(alice.partner, policy.group)
    PolicyLinkFactory(partner=alice.partner, policy=policy, status=PolicyLink.Status.APPROVED)
    refusal = refusal_of(services.select_policy_group, partner=alice.partner, group=PolicyGroupFactory(),
                         actor=alice)
    assert refusal.code == "group_locked"
    assert str(refusal) == ("Your policy group cannot be changed any more: a policy request of yours has "
                            "been approved.")
    assert selectors.partner_group(alice.partner) == policy.group


def test_a_deactivated_group_cannot_be_selected(alice):
    refusal = refusal_of(services.select_policy_group, partner=alice.partner,
                         group=PolicyGroupFactory(is_active=False), actor=alice)
    assert str(refusal) == "This policy group is deactivated. Choose another one."


def test_device_providers_do_not_select_policy_groups():
    provider = make_partner_user(type_code="device-provider")
    refusal = refusal_of(services.select_policy_group, partner=provider.partner, group=PolicyGroupFactory(),
                         actor=provider)
    assert str(refusal) == "Partners of this type do not use policy groups."


# --- Requesting a policy ------------------------------------------------------------------------------------

def test_partner_requests_a_published_policy_of_its_group(alice):
    policy = ready_to_request(alice.partner)
    link = services.request_policy(partner=alice.partner, policy=policy, purpose=" Login for our bank ",
                                   actor=alice)
    assert (link.status, link.purpose, link.requested_by) == (PolicyLink.Status.IN_PROGRESS,
                                                              "Login for our bank",
                                                               alice)
    event = AuditEvent.objects.get(event="policy_link_requested")
    assert (event.details["policy"], event.details["partner_id"]) == (policy.name, alice.partner.partner_id)


def test_request_needs_a_valid_partner_certificate(alice):
    policy = PolicyFactory()
    choose_group(alice.partner, policy.group)
    refusal = refusal_of(services.request_policy, partner=alice.partner, policy=policy, purpose="x",
                         actor=alice)
    assert (refusal.code, str(refusal)) == ("no_valid_certificate",
                                            "Upload a valid partner certificate before requesting a policy.")


def test_request_needs_a_policy_group(alice):
    give_valid_partner_certificate(alice.partner)
    refusal = refusal_of(services.request_policy, partner=alice.partner, policy=PolicyFactory(), purpose="x",
                         actor=alice)
    assert str(refusal) == "Select your policy group before requesting a policy."


def test_draft_policy_cannot_be_requested(alice):
    policy = ready_to_request(alice.partner)
    draft = PolicyFactory(group=policy.group, status=Policy.Status.DRAFT)
    refusal = refusal_of(services.request_policy, partner=alice.partner, policy=draft, purpose="x",
                         actor=alice)
    assert (refusal.code, refusal.field, str(refusal)) == ("policy_not_published", "policy",
                                                           "Only published policies can be requested.")


def test_deactivated_policy_cannot_be_requested(alice):
    policy = ready_to_request(alice.partner)
    old = PolicyFactory(group=policy.group, status=Policy.Status.DEACTIVATED)
    assert refusal_of(services.request_policy, partner=alice.partner, policy=old, purpose="x",
                      actor=alice).code == "policy_not_published"


def test_policy_of_another_group_cannot_be_requested(alice):
    ready_to_request(alice.partner)
    refusal = refusal_of(services.request_policy, partner=alice.partner, policy=PolicyFactory(), purpose="x",
                         actor=alice)
    assert (refusal.code, str(refusal)) == ("policy_other_group",
                                            "This policy belongs to another policy group than yours.")


def test_same_policy_cannot_be_requested_twice_while_in_progress_or_approved(alice):
    policy = ready_to_request(alice.partner)
    link = services.request_policy(partner=alice.partner, policy=policy, purpose="x", actor=alice)
    refusal = refusal_of(services.request_policy, partner=alice.partner, policy=policy, purpose="y",
                         actor=alice)
    assert (refusal.code, str(refusal)) == ("already_requested",
                                            "You have already requested this policy: the "
                                                                 "request is in progress or approved.")
    PolicyLink.objects.filter(pk=link.pk).update(status=PolicyLink.Status.APPROVED)
    assert refusal_of(services.request_policy, partner=alice.partner, policy=policy, purpose="y",
                      actor=alice).code == "already_requested"


def test_policy_can_be_requested_again_after_a_rejection(alice):
    policy = ready_to_request(alice.partner)
    PolicyLinkFactory(partner=alice.partner, policy=policy, status=PolicyLink.Status.REJECTED)
    services.request_policy(partner=alice.partner, policy=policy, purpose="Second try", actor=alice)
    assert alice.partner.policy_links.count() == 2


def test_purpose_is_required_and_at_most_500_characters(alice):
    policy = ready_to_request(alice.partner)
    assert str(refusal_of(services.request_policy, partner=alice.partner, policy=policy, purpose="  ",
                          actor=alice)) == "Describe what you will use this policy for."
    assert str(refusal_of(services.request_policy, partner=alice.partner, policy=policy, purpose="x" * 501,
                          actor=alice)) == "The purpose can have at most 500 characters."


def test_authentication_partner_cannot_request_a_datashare_policy(alice):
    policy = ready_to_request(alice.partner)
    datashare = PolicyFactory(group=policy.group, policy_type=PolicyType.DATASHARE)
    refusal = refusal_of(services.request_policy, partner=alice.partner, policy=datashare, purpose="x",
                         actor=alice)
    assert str(refusal) == "Partners of your type can request only Authentication policies."


def test_credential_partner_requests_datashare_policies():
    user = make_partner_user(type_code="credential-partner")
    policy = ready_to_request(user.partner, policy_type=PolicyType.DATASHARE)
    assert services.request_policy(partner=user.partner, policy=policy, purpose="Print cards", actor=user).pk


# --- Decisions ----------------------------------------------------------------------------------------------

def test_admin_approves_with_a_note_and_the_partner_gets_an_email(alice, dave,
                                                                  django_capture_on_commit_callbacks):
    link = PolicyLinkFactory(partner=alice.partner, policy=PolicyFactory(name="KYC"))
    choose_group(alice.partner, link.policy.group)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_link(link=link, actor=dave, note=" Welcome ")
    link.refresh_from_db()
    assert (link.status, link.comment, link.decided_by) == (PolicyLink.Status.APPROVED, "Welcome", dave)
    assert AuditEvent.objects.get(event="policy_link_approved").details["note"] == "Welcome"
    assert mail.outbox[0].to == ["alice@example.org"] and "“KYC” was approved" in mail.outbox[0].subject
    assert "Welcome" in mail.outbox[0].body


def test_email_is_written_in_each_users_language(alice, dave, django_capture_on_commit_callbacks):
    from tests.factories import UserFactory

    UserFactory(username="ali", partner=alice.partner, language="ar")
    link = PolicyLinkFactory(partner=alice.partner)
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_link(link=link, actor=dave, comment="Incomplete")
    languages = {message.to[0]: message.alternatives[0][0] for message in mail.outbox}
    assert 'lang="en" dir="ltr"' in languages["alice@example.org"]
    assert 'lang="ar" dir="rtl"' in languages["ali@example.org"]
    assert "Incomplete" in mail.outbox[0].body


def test_reject_needs_a_comment(dave):
    link = PolicyLinkFactory()
    refusal = refusal_of(services.reject_link, link=link, actor=dave, comment="  ")
    assert (refusal.code, refusal.field, str(refusal)) == (
        "comment_required", "comment", "Give the reason for the rejection: the partner will see it.")
    link.refresh_from_db()
    assert link.is_pending


def test_admin_rejects_with_a_reason_the_partner_sees(alice, dave):
    link = PolicyLinkFactory(partner=alice.partner)
    services.reject_link(link=link, actor=dave, comment="Purpose too vague")
    own = selectors.get_own_link(partner=alice.partner, code=link.code)
    assert (own.status, own.comment) == (PolicyLink.Status.REJECTED, "Purpose too vague")
    assert AuditEvent.objects.get(event="policy_link_rejected").details["comment"] == "Purpose too vague"


def test_a_decided_request_cannot_be_decided_again(dave):
    link = PolicyLinkFactory(status=PolicyLink.Status.REJECTED)
    assert str(refusal_of(services.approve_link, link=link, actor=dave)) == (
        "This request has already been decided (Rejected).")


def test_request_of_a_deactivated_partner_cannot_be_approved(dave):
    from partners.services import deactivate_partner

    link = PolicyLinkFactory()
    deactivate_partner(partner=link.partner, actor=dave)
    assert refusal_of(services.approve_link, link=link, actor=dave).code == "partner_inactive"


def test_request_for_a_policy_deactivated_since_cannot_be_approved(dave):
    link = PolicyLinkFactory(policy__status=Policy.Status.DEACTIVATED)
    choose_group(link.partner, link.policy.group)
    assert str(refusal_of(services.approve_link, link=link, actor=dave)) == (
        "This policy is no longer published. Reject the request.")


def test_request_from_a_group_the_partner_left_cannot_be_approved(dave):
    link = PolicyLinkFactory()
    choose_group(link.partner, PolicyGroupFactory())
    assert refusal_of(services.approve_link, link=link, actor=dave).code == "policy_other_group"


def test_admin_deactivates_an_approved_link(dave):
    link = PolicyLinkFactory(status=PolicyLink.Status.APPROVED)
    services.deactivate_link(link=link, actor=dave, reason="Contract ended")
    link.refresh_from_db()
    assert (link.status, link.deactivated_by, link.deactivation_reason) == ("deactivated", dave,
                                                                            "Contract ended")
    assert AuditEvent.objects.get(event="policy_link_deactivated").details["reason"] == "Contract ended"
    assert not selectors.approved_links(link.partner).exists()


def test_only_approved_links_are_deactivated(dave):
    assert str(refusal_of(services.deactivate_link, link=PolicyLinkFactory(), actor=dave)) == (
        "Only approved links can be deactivated.")


def test_approved_links_of_a_deactivated_partner_stop_counting(dave):
    from partners.services import deactivate_partner

    link = PolicyLinkFactory(status=PolicyLink.Status.APPROVED)
    assert list(selectors.approved_links(link.partner)) == [link]
    deactivate_partner(partner=link.partner, actor=dave)
    assert list(selectors.approved_links(link.partner)) == []
    assert selectors.pending_link_count() == 0
