"""The device provider's journey (issue 8), in headless Chromium: the provider uploads its partner certificate,
registers an SBI, the admin approves it, the provider adds two devices in one submission (the subtype list
narrows to the chosen type), the admin approves one and rejects the other with a reason, the provider reads
the reason, then deactivates the SBI and its approved device is deactivated with it."""

from datetime import timedelta

import pytest

from devices.models import Device, Sbi, portal_today
from tests import factories
from tests.certificates import factories as pki

pytestmark = pytest.mark.browser


def subtype_options(page, index: int) -> list[str]:
    return page.eval_on_selector_all(f"#id_devices-{index}-device_subtype optgroup option",
                                     "options => options.map(o => o.value)")


def upload_partner_certificate(portal, path):
    page = portal.page
    page.get_by_role("link", name="Upload your partner certificate").click()
    page.click("main a:has-text('Upload certificate')")
    page.set_input_files("#id_certificate", str(path))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/certificates/partner/")
    assert "platform-signed certificate was issued" in page.inner_text(".messages")


def register_sbi(portal):
    page = portal.page
    page.get_by_role("link", name="SBIs and devices").first.click()
    page.get_by_role("link", name="Register an SBI").click()
    today = portal_today()
    page.fill("#id_version", "2.4.1")
    page.fill("#id_binary_hash", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
    page.fill("#id_creation_date", (today - timedelta(days=20)).isoformat())
    page.fill("#id_expiry_date", (today + timedelta(days=700)).isoformat())
    page.click("main form button[type=submit]")
    page.wait_for_url("**/devices/sbis/*-*/")
    assert "Pending approval" in page.inner_text("main h1 + .badge, main .status-badge")


def admin_approves_the_sbi(portal):
    page = portal.page
    portal.logout()
    portal.login("dave")
    page.get_by_role("link", name="SBI–devices").first.click()
    row = page.locator("main tbody tr", has_text="Dina Devices")
    row.get_by_role("link", name="Approve").click()
    page.fill("#id_note", "Hash verified")
    page.click("main form button[type=submit]")
    assert "SBI approved." in page.inner_text(".messages")


def add_two_devices(portal, artifacts_dir):
    page = portal.page
    page.get_by_role("link", name="Add devices").click()
    # The form's script un-hides this button and narrows the lists in one go: once it shows, the script ran.
    page.get_by_role("button", name="Add another device").wait_for(state="visible")
    page.select_option("#id_devices-0-device_type", "Finger")
    assert subtype_options(page, 0) == ["Slap", "Single", "Touchless"]  # narrowed by JavaScript
    page.select_option("#id_devices-0-device_subtype", "Slap")
    page.fill("#id_devices-0-make", "Dina")
    page.fill("#id_devices-0-model", "Slap-10")
    page.get_by_role("button", name="Add another device").click()
    page.select_option("#id_devices-1-device_type", "Iris")
    assert subtype_options(page, 1) == ["Single", "Double"]
    page.select_option("#id_devices-1-device_subtype", "Double")
    page.fill("#id_devices-1-make", "Dina")
    page.fill("#id_devices-1-model", "Iris-2")
    page.screenshot(path=str(artifacts_dir / "devices-add.png"), full_page=True)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/devices/sbis/*-*/")
    assert "2 devices are submitted for approval." in page.inner_text(".messages")


def admin_decides_on_the_devices(portal, artifacts_dir):
    page = portal.page
    portal.logout()
    portal.login("dave")
    page.get_by_role("link", name="SBI–devices").first.click()
    page.locator(".nav-tabs").get_by_role("link", name="Devices").click()
    page.screenshot(path=str(artifacts_dir / "devices-queue.png"), full_page=True)
    page.locator("main tbody tr", has_text="Slap-10").get_by_role("link", name="Approve").click()
    page.click("main form button[type=submit]")
    assert "Device approved." in page.inner_text(".messages")
    page.get_by_role("link", name="SBI–devices").first.click()
    page.locator(".nav-tabs").get_by_role("link", name="Devices").click()
    page.locator("main tbody tr", has_text="Iris-2").get_by_role("link", name="Reject").click()
    page.click("main form button[type=submit]")  # without a reason: refused, nothing lost
    assert "Give the reason for the rejection" in page.inner_text("main")
    page.fill("#id_reason", "No ISO/IEC 19794-6 conformance report")
    page.click("main form button[type=submit]")
    assert "Device rejected." in page.inner_text(".messages")


def test_device_provider_journey(portal, tmp_path, artifacts_dir):
    factories.make_partner_admin(username="dave")
    factories.make_partner_user(username="dina", type_code="device-provider",
                                partner__organization_name="Dina Devices")
    hierarchy = pki.install_hierarchy("DEVICE", kind="rsa")
    certificate = pki.make_partner_certificate(hierarchy.intermediate, organization="Dina Devices")
    (tmp_path / "dina.pem").write_bytes(certificate.pem)
    page = portal.page

    portal.login("dina")
    assert "Register your SBI" in page.inner_text(".onboarding")
    portal.goto("/devices/sbis/")
    assert page.locator(".certificate-needed").is_visible()
    upload_partner_certificate(portal, tmp_path / "dina.pem")
    register_sbi(portal)
    admin_approves_the_sbi(portal)

    portal.logout()
    portal.login("dina")
    portal.goto("/devices/sbis/")
    page.get_by_role("link", name="2.4.1").click()
    add_two_devices(portal, artifacts_dir)
    admin_decides_on_the_devices(portal, artifacts_dir)

    portal.logout()
    portal.login("dina")
    portal.goto("/devices/sbis/")
    page.get_by_role("link", name="2.4.1").click()
    rejected = page.locator("main .device-list tbody tr", has_text="Iris-2")
    assert "Rejected" in rejected.inner_text()
    assert "No ISO/IEC 19794-6 conformance report" in rejected.inner_text()
    page.screenshot(path=str(artifacts_dir / "devices-sbi-detail.png"), full_page=True)

    page.get_by_role("link", name="Deactivate SBI").click()
    assert "1 approved device will be deactivated." in page.inner_text("main")
    assert "0 pending devices will be rejected." in page.inner_text("main")
    page.once("dialog", lambda dialog: dialog.accept())  # the JavaScript confirmation of the form
    page.click("main form button[type=submit]")
    assert "SBI 2.4.1 is deactivated. 1 approved device was deactivated." in page.inner_text(".messages")
    approved = page.locator("main .device-list tbody tr", has_text="Slap-10")
    assert "Deactivated" in approved.inner_text()
    assert Sbi.objects.get().status == "deactivated"
    assert dict(Device.objects.values_list("model", "status")) == {"Slap-10": "deactivated", "Iris-2": "rejected"}
