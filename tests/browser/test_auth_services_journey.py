"""The admin's "Authentication services" (issue 8, point 8), in headless Chromium: the partner admin finds a
partner's API key among every partner's keys, deactivates it with a reason after confirming, and the partner
reads that reason on its own pages. The key itself appears nowhere along the way."""

import pytest

from tests.apikeys.factories import approved_link, make_key, secret_of

pytestmark = pytest.mark.browser
REASON = "Found in a public code repository. Generate a new key and keep it out of source code."


@pytest.fixture
def alice_keys(alice, dave):
    link = approved_link(alice.partner, admin=dave, policy_name="Bank login")
    make_key(approved_link(_other_partner(), admin=dave), "someone-else")
    make_key(link, "staging")
    return make_key(link, "production")


def _other_partner():
    from tests.factories import make_partner_user

    return make_partner_user(username="erin", partner__organization_name="Erin Exchange").partner


def test_admin_finds_and_deactivates_a_partners_key_and_the_partner_reads_why(portal, alice_keys, artifacts_dir):
    key, plaintext = alice_keys
    page = portal.page
    portal.login("dave")
    page.locator("main").get_by_role("link", name="Authentication services").click()
    page.fill("#id_q", key.prefix)
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("main tbody tr")
    assert rows.count() == 1 and "Alice Auth Ltd" in rows.inner_text() and "Bank login" in rows.inner_text()
    page.screenshot(path=str(artifacts_dir / "auth-services-admin-list.png"), full_page=True)
    rows.get_by_role("link", name="production").click()
    assert key.partner.partner_id in page.locator("main").inner_text()

    page.get_by_role("link", name="Deactivate").click()
    page.on("dialog", lambda dialog: dialog.accept())  # the JavaScript confirmation of the form
    page.get_by_role("button", name="Deactivate for good").click()  # no reason: the page says what is missing
    assert "Give the reason for the deactivation: the partner will see it." in page.locator("main").inner_text()
    page.fill("#id_reason", REASON)
    page.screenshot(path=str(artifacts_dir / "auth-services-deactivate.png"), full_page=True)
    page.get_by_role("button", name="Deactivate for good").click()
    assert "The API key “production” of Alice Auth Ltd is deactivated." in page.locator(".messages").inner_text()
    assert REASON in page.locator("main").inner_text()
    assert secret_of(plaintext) not in page.content()
    portal.logout()

    portal.login("alice")
    portal.goto("/apikeys/")
    row = page.locator("main tbody tr", has_text="production")
    assert "Deactivated" in row.inner_text() and REASON[:40] in row.inner_text()
    row.get_by_role("link", name="production").click()
    notice = page.locator(".admin-deactivation")
    assert "Deactivated by a partner admin on" in notice.inner_text() and REASON in notice.inner_text()
    page.screenshot(path=str(artifacts_dir / "auth-services-partner-sees-reason.png"), full_page=True)
    assert page.get_by_role("link", name="Deactivate").count() == 0
