"""Expiry notifications in headless Chromium (issue 9): a partner admin sees the bell's unread count, opens
the panel, dismisses a notice (the count drops), marks all as read, and reads the page in Arabic (RTL)."""

import datetime as dt

import pytest
from django.utils import timezone

from notifications import schedule, services
from tests.notifications.factories import ca_certificate

pytestmark = pytest.mark.browser


@pytest.fixture
def three_notices(dave):
    now = timezone.now()
    for days, name in ((3, "Root Alpha"), (8, "Root Bravo"), (20, "Root Charlie")):
        # Midday of the day `days` ahead in the portal's time zone: "expires in 3 days" whatever the hour the
        # test runs at (two hours after a run at 22:30 would be the day after).
        midday = schedule.start_of(schedule.today(now) + dt.timedelta(days=days)) + dt.timedelta(hours=12)
        ca_certificate(expires_at=midday, name=name)
    assert services.send_due_expiry_notifications(now=now).notices == 3


def unread(page) -> str:
    return page.locator("[data-testid=notification-bell] [data-unread-count]").get_attribute("data-unread-count")


def test_admin_reads_dismisses_and_clears_notifications_then_reads_them_in_arabic(portal, three_notices,
                                                                                  artifacts_dir):
    page = portal.page
    portal.login("dave")
    assert unread(page) == "3"

    page.get_by_text("Notifications", exact=True).first.click()  # the bell: a <details> summary
    panel = page.locator(".notification-panel")
    assert panel.is_visible()
    assert "Root Alpha" in panel.inner_text() and "expires in 3 days" in panel.inner_text()
    page.screenshot(path=str(artifacts_dir / "notifications-panel.png"), full_page=True)

    panel.locator("li", has_text="Root Alpha").get_by_role("button", name="Dismiss").click()
    page.wait_for_selector(".messages")
    assert "Notification dismissed." in page.locator(".messages").inner_text()
    assert unread(page) == "2"

    page.get_by_text("Notifications", exact=True).first.click()
    page.locator(".notification-panel").get_by_role("button", name="Mark all as read").click()
    assert "All notifications are marked as read." in page.locator(".messages").inner_text()
    assert page.locator("[data-testid=notification-bell] [data-unread-count]").count() == 0

    page.get_by_text("Notifications", exact=True).first.click()
    page.get_by_role("link", name="See all notifications").click()
    assert page.locator("main h1").inner_text() == "Notifications"
    assert "Root Alpha" not in page.locator("main").inner_text()  # dismissed
    page.select_option("#language-select", "ar")
    page.wait_for_selector('html[lang="ar"]')
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.locator("main h1").inner_text() == "الإشعارات"
    assert "شهادة جهة التصديق الجذرية «Root Bravo»" in page.locator("main").inner_text()
    page.screenshot(path=str(artifacts_dir / "notifications-ar.png"), full_page=True)
