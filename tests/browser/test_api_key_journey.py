"""The end of the seed journey (issue 5), in headless Chromium: the admin approves the partner's policy
request, the partner generates an API key with a label, copies it, reloads the page (issue 13: the key is not
shown again and nothing is submitted twice), the authentication service verifies it, the partner deactivates
it, and the service refuses it."""

import pytest

from policies.services import catalog, linking
from tests.apikeys.factories import AUTH_DOCUMENT
from tests.certificates.factories import give_valid_partner_certificate

pytestmark = pytest.mark.browser
VERIFY = "/api/v1/apikeys/verify"


@pytest.fixture
def requested(alice, carol):
    group = catalog.create_policy_group(name="Banking", actor=carol)
    policy = catalog.create_policy(group=group, name="Bank login", policy_type="auth", document=AUTH_DOCUMENT,
                                   actor=carol)
    catalog.publish_policy(policy=policy, actor=carol)
    linking.select_policy_group(partner=alice.partner, group=group, actor=alice)
    give_valid_partner_certificate(alice.partner)
    return linking.request_policy(partner=alice.partner, policy=policy, purpose="Customer login", actor=alice)


def verify(page, base_url, key):
    return page.request.post(base_url + VERIFY, data={"apiKey": key}).json()


def test_partner_generates_copies_uses_and_deactivates_an_api_key(portal, requested, dave, artifacts_dir):
    page = portal.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=portal.base)
    portal.login("dave")
    portal.goto("/policies/links/")
    page.locator("main tbody tr", has_text="Alice Auth Ltd").get_by_role("link", name="Approve").click()
    page.click("main form button[type=submit]")
    assert "Request approved." in page.locator(".messages").inner_text()
    portal.logout()

    portal.login("alice")
    portal.goto("/policies/requests/")
    page.get_by_role("link", name="Generate API key").click()
    page.fill("#id_label", "production")
    page.click("main form button[type=submit]")
    key = page.input_value("#api-key-value")
    page.screenshot(path=str(artifacts_dir / "api-key-created.png"), full_page=True)
    page.get_by_role("button", name="Copy").click()
    assert page.evaluate("navigator.clipboard.readText()") == key

    answer = verify(page, portal.base, key)
    assert answer["valid"] is True and answer["policyName"] == "Bank login"

    page.reload()  # the key was shown once: a reload neither submits the form again nor shows the key
    assert "API key already shown" in page.locator("h1").inner_text()
    assert key not in page.content() and "already have an active API key" not in page.content()
    page.get_by_role("link", name="See the key's details").click()
    assert key not in page.content()
    page.get_by_role("link", name="Deactivate").click()
    page.once("dialog", lambda dialog: dialog.accept())  # the JavaScript confirmation of the form
    page.click("main form button[type=submit]")
    assert "is deactivated" in page.locator(".messages").inner_text()
    assert verify(page, portal.base, key) == {"valid": False}
