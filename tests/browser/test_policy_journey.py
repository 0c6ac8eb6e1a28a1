"""The seed journey up to the approval (issue 4), in headless Chromium: a policy manager publishes an
authentication policy in a group, a new authentication partner selects the group and requests the policy,
and the partner admin approves it (or, in the second run, rejects it with a reason)."""

import pytest

from partners.models import Partner, PartnerType
from policies import services
from policies.models import Policy, PolicyType
from tests.certificates.factories import give_valid_partner_certificate
from tests.policies import mosip_documents

pytestmark = pytest.mark.browser

PARTNER_PASSWORD = "a-Long-journey-passphrase"


def register(portal, username: str, organization: str) -> Partner:
    page = portal.page
    portal.goto("/accounts/signup/")
    for field, value in [("first_name", "Nadia"), ("last_name", "Benali"), ("organization_name",
                                                                            organization),
                         ("address", "12 Rue de la Paix, Paris"), ("email", f"{username}@example.org"),
                         ("phone_number", "+33 1 23 45 67 89"), ("username", username),
                         ("password1", PARTNER_PASSWORD), ("password2", PARTNER_PASSWORD)]:
        page.fill(f"#id_{field}", value)
    page.select_option("#id_partner_type", str(PartnerType.objects.get(code="auth-partner").pk))
    page.check("#id_accept_terms")
    page.click("main button[type=submit]")
    page.wait_for_url("**/dashboard/")
    return Partner.objects.get(organization_name=organization)


def select_group_and_request(portal, partner: Partner, group_name: str, policy_label: str):
    page = portal.page
    page.get_by_role("link", name="Select policy group").click()
    page.get_by_label(group_name).check()
    page.click("main button[type=submit]")
    page.wait_for_url("**/policies/requests/")
    give_valid_partner_certificate(partner)  # the certificates journey is tested on its own
    page.get_by_role("link", name="Request a policy").click()
    page.select_option("#id_policy", label=policy_label)
    page.fill("#id_purpose", "Let our customers log in with their national ID")
    page.click("main button[type=submit]")
    page.wait_for_url("**/policies/requests/")
    assert "In progress" in page.locator("main table").inner_text()


def open_request_as_admin(portal, organization: str):
    page = portal.page
    portal.logout()
    portal.login("dave")
    page.get_by_role("link", name="Partner–policy linking").first.click()
    row = page.locator("main tbody tr", has_text=organization)
    assert "In progress" in row.inner_text()
    return row


def test_policy_is_published_requested_and_approved(portal, carol, dave, artifacts_dir):
    page = portal.page
    portal.login("carol")
    portal.goto("/policies/groups/new/")
    page.fill("#id_name", "Banking")
    page.fill("#id_description", "Banks and insurers")
    page.click("main button[type=submit]")
    page.get_by_role("link", name="New authentication policy").click()
    page.fill("#id_name", "Bank login")
    page.check("#id_auth-allowed_0")  # OTP
    page.check("#id_auth-allowed_3")  # fingerprint
    page.fill("#id_kyc-0-attribute_name", "fullName")
    page.screenshot(path=str(artifacts_dir / "policy-form.png"), full_page=True)
    page.click("main form.policy-form button[type=submit]")
    page.get_by_role("link", name="Publish").click()
    page.click("main form button[type=submit]")
    assert "Policy published." in page.locator(".messages").inner_text()
    policy = Policy.objects.get(name="Bank login")
    assert policy.status == Policy.Status.PUBLISHED
    assert policy.document["allowedAuthTypes"][1] == {"authType": "bio", "authSubType": "FINGER",
                                                      "mandatory": False}
    portal.logout()

    partner = register(portal, "nadia", "Nadia Networks")
    select_group_and_request(portal, partner, "Banking", "Bank login (Authentication)")

    row = open_request_as_admin(portal, "Nadia Networks")
    page.screenshot(path=str(artifacts_dir / "policy-link-queue.png"), full_page=True)
    row.get_by_role("link", name="Approve").click()
    page.fill("#id_note", "Welcome aboard")
    page.click("main form button[type=submit]")
    assert "Request approved." in page.locator(".messages").inner_text()

    portal.logout()
    portal.login("nadia", PARTNER_PASSWORD)
    portal.goto("/policies/requests/")
    table = page.locator("main table").inner_text()
    page.screenshot(path=str(artifacts_dir / "policy-requests.png"), full_page=True)
    assert "Approved" in table and "Welcome aboard" in table


def test_admin_rejects_with_a_reason_the_partner_reads(portal, carol, dave):
    group = services.create_policy_group(name="Telecom", actor=carol)
    policy = services.create_policy(group=group, name="SIM registration", policy_type=PolicyType.AUTH,
                                    document=mosip_documents.ESIGNET_AUTH, actor=carol)
    services.publish_policy(policy=policy, actor=carol)
    partner = register(portal, "omar", "Omar Mobile")
    select_group_and_request(portal, partner, "Telecom", "SIM registration (Authentication)")

    page = portal.page
    row = open_request_as_admin(portal, "Omar Mobile")
    row.get_by_role("link", name="Reject").click()
    page.click("main form button[type=submit]")  # without a reason: refused, nothing lost
    assert "Give the reason for the rejection" in page.locator("main").inner_text()
    page.fill("#id_comment", "Purpose does not match the policy")
    page.click("main form button[type=submit]")
    assert "Request rejected." in page.locator(".messages").inner_text()

    portal.logout()
    portal.login("omar", PARTNER_PASSWORD)
    portal.goto("/policies/requests/")
    assert "Rejected" in page.locator("main table").inner_text()
    page.locator("main table a").first.click()
    assert "Purpose does not match the policy" in page.locator(".admin-comment").inner_text()
