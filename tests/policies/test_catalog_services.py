"""Policy groups and policies (PRODUCT.md §4): each rule, each refusal with its message, each audit event."""

import pytest

from audit.models import AuditEvent
from pms.errors import Refused
from policies import services
from policies.models import Policy, PolicyLink, PolicyStatusChange, PolicyType

from . import mosip_documents as mosip
from .factories import PolicyFactory, PolicyGroupFactory, PolicyLinkFactory

pytestmark = pytest.mark.django_db


def events(name):
    return AuditEvent.objects.filter(event=name, module="policies")


# --- Groups -------------------------------------------------------------------------------------------------

def test_policy_manager_creates_a_group_and_it_is_audited(carol):
    group = services.create_policy_group(name="  Banking ", description="Banks", actor=carol)
    assert (group.name, group.is_active, group.created_by) == ("Banking", True, carol)
    assert events("policy_group_created").get().details == {"name": "Banking"}


def test_group_names_are_unique_ignoring_case(carol):
    services.create_policy_group(name="Banking", actor=carol)
    with pytest.raises(Refused) as refusal:
        services.create_policy_group(name="BANKING", actor=carol)
    assert (refusal.value.code, refusal.value.field) == ("group_name_taken", "name")
    assert str(refusal.value) == "A policy group with this name already exists."


def test_editing_a_group_is_audited_with_the_changed_fields(carol):
    group = PolicyGroupFactory(name="Telecom", description="")
    services.update_policy_group(group=group, name="Telecoms", description="Mobile operators", actor=carol)
    assert events("policy_group_updated").get().details["fields"] == ["name", "description"]


def test_group_with_a_published_policy_cannot_be_deactivated(carol):
    policy = PolicyFactory()
    with pytest.raises(Refused) as refusal:
        services.deactivate_policy_group(group=policy.group, actor=carol)
    assert refusal.value.code == "group_has_active_policies"
    assert str(refusal.value) == "This policy group still has 1 published policy. Deactivate it first."
    policy.group.refresh_from_db()
    assert policy.group.is_active and not events("policy_group_deactivated").exists()


def test_group_whose_policies_are_drafts_or_deactivated_can_be_deactivated_and_reactivated(carol):
    group = PolicyGroupFactory()
    PolicyFactory(group=group, status=Policy.Status.DRAFT)
    PolicyFactory(group=group, status=Policy.Status.DEACTIVATED)
    services.deactivate_policy_group(group=group, actor=carol)
    group.refresh_from_db()
    assert not group.is_active and events("policy_group_deactivated").exists()
    services.activate_policy_group(group=group, actor=carol)
    group.refresh_from_db()
    assert group.is_active and events("policy_group_activated").exists()


# --- Policies -----------------------------------------------------------------------------------------------

def test_new_policy_is_a_draft_with_its_history_and_audit_event(carol):
    group = PolicyGroupFactory()
    policy = services.create_policy(group=group, name="KYC", policy_type=PolicyType.AUTH,
                                    document=mosip.ESIGNET_AUTH, actor=carol)
    assert policy.status == Policy.Status.DRAFT
    assert list(policy.status_changes.values_list("from_status", "to_status")) == [("", "draft")]
    assert events("policy_created").get().details == {"name": "KYC", "type": "auth", "group": group.name,
                                                      "status": "draft"}


def test_policy_with_an_invalid_document_is_refused_with_the_paths(carol):
    document = {**mosip.ESIGNET_AUTH, "authTokenType": "nope"}
    with pytest.raises(services.InvalidDocument) as refusal:
        services.create_policy(group=PolicyGroupFactory(), name="KYC", policy_type=PolicyType.AUTH,
                               document=document, actor=carol)
    assert [error.path for error in refusal.value.errors] == ["authTokenType"]
    assert "authTokenType: Must be one of" in str(refusal.value)
    assert not Policy.objects.exists()


def test_policy_names_are_unique_within_a_group_only(carol):
    first = PolicyFactory(name="KYC")
    with pytest.raises(Refused) as refusal:
        services.create_policy(group=first.group, name="kyc", policy_type=PolicyType.AUTH,
                               document=mosip.ESIGNET_AUTH, actor=carol)
    assert str(refusal.value) == "This policy group already has a policy with this name."
    services.create_policy(group=PolicyGroupFactory(), name="KYC", policy_type=PolicyType.AUTH,
                           document=mosip.ESIGNET_AUTH, actor=carol)


def test_no_policy_is_created_in_a_deactivated_group(carol):
    group = PolicyGroupFactory(name="Old", is_active=False)
    with pytest.raises(Refused) as refusal:
        services.create_policy(group=group, name="KYC", policy_type=PolicyType.AUTH,
                               document=mosip.ESIGNET_AUTH,
                               actor=carol)
    assert str(refusal.value) == "The policy group “Old” is deactivated."


def test_draft_is_edited_and_the_change_is_audited(carol):
    policy = PolicyFactory(status=Policy.Status.DRAFT)
    services.update_policy(policy=policy, group=policy.group, name="Renamed", description="New",
                           document=mosip.LEGACY_AUTH, actor=carol)
    policy.refresh_from_db()
    assert (policy.name, policy.document) == ("Renamed", mosip.LEGACY_AUTH)
    assert events("policy_updated").get().details["fields"] == ["name", "description", "document"]


def test_published_policy_cannot_be_edited(carol):
    policy = PolicyFactory(name="Live")
    with pytest.raises(Refused) as refusal:
        services.update_policy(policy=policy, group=policy.group, name="Changed", description="",
                               document=policy.document, actor=carol)
    assert str(refusal.value) == "Only draft policies can be edited. Clone this policy to change it."
    policy.refresh_from_db()
    assert policy.name == "Live"


def test_publishing_a_draft_records_history_and_audit(carol):
    policy = PolicyFactory(status=Policy.Status.DRAFT)
    services.publish_policy(policy=policy, actor=carol)
    policy.refresh_from_db()
    assert policy.status == Policy.Status.PUBLISHED and policy.published_at
    assert PolicyStatusChange.objects.filter(policy=policy, to_status="published", actor=carol).exists()
    assert events("policy_published").exists()


def test_only_drafts_are_published(carol):
    with pytest.raises(Refused, match="Only draft policies can be published."):
        services.publish_policy(policy=PolicyFactory(), actor=carol)


def test_a_draft_of_a_deactivated_group_is_not_published(carol):
    policy = PolicyFactory(status=Policy.Status.DRAFT, group__is_active=False, group__name="Old")
    with pytest.raises(Refused, match="The policy group “Old” is deactivated."):
        services.publish_policy(policy=policy, actor=carol)


def test_published_policy_is_deactivated_with_its_reason(carol):
    policy = PolicyFactory()
    services.deactivate_policy(policy=policy, actor=carol, reason="Replaced")
    policy.refresh_from_db()
    assert policy.status == Policy.Status.DEACTIVATED
    assert policy.status_changes.get(to_status="deactivated").note == "Replaced"
    assert events("policy_deactivated").get().details["reason"] == "Replaced"


def test_policy_with_an_active_approved_link_cannot_be_deactivated(carol):
    link = PolicyLinkFactory(status=PolicyLink.Status.APPROVED)
    with pytest.raises(Refused) as refusal:
        services.deactivate_policy(policy=link.policy, actor=carol)
    assert refusal.value.code == "policy_has_active_links"
    assert str(refusal.value) == ("1 partner still has an approved link to this policy. Deactivate the link "
                                  "first.")


def test_links_of_a_deactivated_partner_do_not_keep_a_policy_active(carol, dave):
    from partners.services import deactivate_partner

    link = PolicyLinkFactory(status=PolicyLink.Status.APPROVED)
    deactivate_partner(partner=link.partner, actor=dave)
    services.deactivate_policy(policy=link.policy, actor=carol)
    assert Policy.objects.get(pk=link.policy_id).status == Policy.Status.DEACTIVATED


def test_pending_rejected_or_deactivated_links_do_not_block_deactivation(carol):
    policy = PolicyFactory()
    for status in (PolicyLink.Status.IN_PROGRESS, PolicyLink.Status.REJECTED, PolicyLink.Status.DEACTIVATED):
        PolicyLinkFactory(policy=policy, status=status)
    services.deactivate_policy(policy=policy, actor=carol)


def test_drafts_cannot_be_deactivated(carol):
    with pytest.raises(Refused, match="Only published policies can be deactivated."):
        services.deactivate_policy(policy=PolicyFactory(status=Policy.Status.DRAFT), actor=carol)


def test_clone_is_a_draft_in_the_target_group_with_the_same_document(carol):
    source = PolicyFactory(name="KYC", policy_type=PolicyType.DATASHARE)
    target = PolicyGroupFactory()
    copy = services.clone_policy(policy=source, group=target, actor=carol)
    assert (copy.group, copy.name, copy.status, copy.policy_type, copy.document, copy.cloned_from) == (
        target, "KYC", "draft", "datashare", source.document, source)
    assert events("policy_cloned").get().details["source"] == str(source.code)


def test_clone_into_the_same_group_gets_a_unique_name(carol):
    source = PolicyFactory(name="KYC")
    first = services.clone_policy(policy=source, group=source.group, actor=carol)
    second = services.clone_policy(policy=source, group=source.group, actor=carol)
    assert (first.name, second.name) == ("KYC (copy)", "KYC (copy 2)")


def test_clone_into_a_deactivated_group_is_refused(carol):
    with pytest.raises(Refused, match="is deactivated"):
        services.clone_policy(policy=PolicyFactory(), group=PolicyGroupFactory(is_active=False), actor=carol)
