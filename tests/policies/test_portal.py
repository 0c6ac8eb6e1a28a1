"""What the policies app adds to the shell: cards, navigation, onboarding, profile and demo data."""

import io

import pytest

from pms.portal import onboarding_for
from policies import demo
from policies.models import Policy, PolicyGroup, PolicyLink
from tests.certificates.factories import give_valid_partner_certificate
from tests.factories import make_partner_user

from .factories import PolicyFactory, PolicyGroupFactory, PolicyLinkFactory, choose_group

pytestmark = pytest.mark.django_db


def cards(response) -> dict[str, object]:
    return {feature.key: pending for feature, pending in response.context["cards"]}


def steps(partner) -> dict[str, object]:
    return {step.key: state for step, state in onboarding_for(partner)}


def test_partner_admin_dashboard_counts_pending_requests(dave_client):
    PolicyLinkFactory.create_batch(2)
    PolicyLinkFactory(status=PolicyLink.Status.APPROVED)
    found = cards(dave_client.get("/dashboard/"))
    assert found["policy_links"] == 2 and {"policy_groups", "policies", "partners"} <= set(found)


def test_policy_manager_gets_policy_cards_but_not_linking_or_partners(carol_client):
    found = cards(carol_client.get("/dashboard/"))
    assert {"policy_groups", "policies"} <= set(found) and not {"policy_links", "partners"} & set(found)


def test_authentication_partner_gets_the_policy_requests_card(alice_client):
    found = cards(alice_client.get("/dashboard/"))
    assert "my_policies" in found and "policies" not in found


def test_onboarding_steps_start_with_selecting_a_group(alice):
    state = steps(alice.partner)
    assert not state["select_policy_group"].done
    assert state["request_policy"].blocked == "Select your policy group first."
    assert state["link_approved"].blocked == "Request a policy first."


def test_onboarding_says_a_certificate_is_missing_once_the_group_is_chosen(alice):
    choose_group(alice.partner, PolicyFactory().group)
    state = steps(alice.partner)
    assert state["select_policy_group"].done
    assert state["request_policy"].blocked == "Upload a valid partner certificate first."


def test_onboarding_says_when_the_group_has_nothing_to_request(alice):
    choose_group(alice.partner, PolicyGroupFactory())
    give_valid_partner_certificate(alice.partner)
    assert steps(alice.partner)["request_policy"].blocked == (
        "Your policy group has no published policy you can request yet.")


def test_onboarding_follows_the_request_to_its_approval(alice):
    link = PolicyLinkFactory(partner=alice.partner)
    assert steps(alice.partner)["request_policy"].done
    assert steps(alice.partner)["link_approved"].detail == "Waiting for a partner admin's decision."
    PolicyLink.objects.filter(pk=link.pk).update(status=PolicyLink.Status.APPROVED)
    assert steps(alice.partner)["link_approved"].done


def test_device_providers_have_no_policy_steps():
    provider = make_partner_user(type_code="device-provider")
    assert not {"select_policy_group", "request_policy", "link_approved"} & set(steps(provider.partner))


def test_profile_shows_the_policy_group_with_a_change_link(alice_client, alice):
    choose_group(alice.partner, PolicyGroupFactory(name="Banking"))
    html = alice_client.get("/account/profile/").content.decode()
    assert "Banking" in html and "Change policy group" in html


def test_profile_hides_the_change_link_after_an_approval(alice_client, alice):
    link = PolicyLinkFactory(partner=alice.partner, status=PolicyLink.Status.APPROVED)
    choose_group(alice.partner, link.policy.group)
    assert "Change policy group" not in alice_client.get("/account/profile/").content.decode()


def test_demo_data_creates_a_group_with_two_published_policies_once():
    for _run in range(2):
        assert demo.load_demo_policies(stdout=io.StringIO()) == []
    group = PolicyGroup.objects.get(name=demo.GROUP_NAME)
    assert sorted(group.policies.values_list("policy_type", "status")) == [
        ("auth", Policy.Status.PUBLISHED), ("datashare", Policy.Status.PUBLISHED)]
