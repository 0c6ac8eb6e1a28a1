"""The FTM chip provider's journey (issue 8) in Arabic, right to left, in headless Chromium: the provider adds a
chip, uploads its certificate, the admin approves it, the provider downloads both certificates and then
deactivates the chip."""

import pytest
from cryptography import x509
from django.utils import translation

from devices.models import FtmChip
from tests import factories
from tests.certificates import factories as pki

pytestmark = pytest.mark.browser


def ar(text: str) -> str:
    with translation.override("ar"):
        return str(translation.gettext(text))


def add_chip_and_upload_certificate(portal, certificate_path):
    page = portal.page
    page.click("nav.sidebar a[href='/devices/ftm/']")
    page.click("main a[href='/devices/ftm/new/']")
    page.fill("#id_make", "Fatima")
    page.fill("#id_model", "FC-9")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/devices/ftm/*-*/certificate/")
    registered = ar("The FTM chip %(chip)s is registered. Upload its certificate to send it for approval.")
    assert registered % {"chip": "Fatima FC-9"} == page.inner_text(".messages").strip()
    page.set_input_files("#id_certificate", str(certificate_path))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/devices/ftm/*-*/")
    assert ar("Pending approval") in page.inner_text("main .status-badge")


def admin_approves_the_chip(portal, artifacts_dir):
    page = portal.page
    portal.logout()
    portal.login("dave")
    assert page.get_attribute("html", "dir") == "rtl"
    page.click("nav.sidebar a[href='/devices/review/ftm/']")
    page.screenshot(path=str(artifacts_dir / "ftm-queue-ar.png"), full_page=True)
    page.locator("main tbody tr", has_text="FC-9").locator("a[href$='/approve/']").click()
    page.click("main form button[type=submit]")
    assert ar("FTM chip approved.") in page.inner_text(".messages")


def test_ftm_chip_provider_journey_in_arabic(portal, tmp_path, artifacts_dir):
    hierarchy = pki.install_hierarchy("FTM")
    factories.make_partner_admin(username="dave", language="ar")
    fatima = factories.make_partner_user(username="fatima", type_code="ftm-provider", language="ar",
                                         partner__organization_name="Fatima Chips")
    pki.give_valid_partner_certificate(fatima.partner, hierarchy=hierarchy)  # the certificate journey is its own
    chip_certificate = pki.make_partner_certificate(hierarchy.intermediate, organization="Fatima Chips")
    (tmp_path / "chip.pem").write_bytes(chip_certificate.pem)
    page = portal.page
    page.context.add_cookies([{"name": "pms_language", "value": "ar", "url": portal.base}])

    portal.login("fatima")
    assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"
    assert ar("Add your FTM chip") in page.inner_text(".onboarding")
    add_chip_and_upload_certificate(portal, tmp_path / "chip.pem")
    admin_approves_the_chip(portal, artifacts_dir)

    portal.logout()
    portal.login("fatima")
    page.click("nav.sidebar a[href='/devices/ftm/']")
    page.locator("main tbody tr", has_text="FC-9").locator("a").first.click()
    assert ar("Approved") in page.inner_text("main .status-badge")
    page.screenshot(path=str(artifacts_dir / "ftm-chip-ar.png"), full_page=True)
    with page.expect_download() as original:
        page.click("main .current-chip-certificate a[data-download='ca-signed']")
    with page.expect_download() as signed:
        page.click("main .current-chip-certificate a[data-download='platform-signed']")
    partner_id = fatima.partner.partner_id.lower()
    assert original.value.suggested_filename == f"{partner_id}-fatima-fc-9-ftm-ca-signed.pem"
    assert x509.load_pem_x509_certificate(open(original.value.path(), "rb").read()) == chip_certificate.certificate
    platform_signed = x509.load_pem_x509_certificate(open(signed.value.path(), "rb").read())
    assert platform_signed.public_key() == chip_certificate.certificate.public_key()
    assert platform_signed.issuer != chip_certificate.certificate.issuer

    page.click("main a[href$='/deactivate/']")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("main form button[type=submit]")
    assert ar("Deactivated") in page.inner_text("main .status-badge")
    assert FtmChip.objects.get().status == "deactivated"
