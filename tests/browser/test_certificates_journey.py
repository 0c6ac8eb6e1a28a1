"""Admin uploads root and intermediate CA (AUTH) → partner uploads its certificate → downloads both files."""

import pytest
from cryptography import x509

from tests import factories
from tests.certificates import factories as pki

pytestmark = pytest.mark.browser


def upload_ca(portal, path):
    page = portal.page
    portal.goto("/certificates/trust-store/upload/")
    page.select_option("#id_domain", "AUTH")
    page.set_input_files("#id_certificate", str(path))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/certificates/trust-store/*-*/")


def test_certificate_journey(portal, tmp_path, artifacts_dir):
    factories.make_partner_admin(username="dave")
    alice = factories.make_partner_user(username="alice", partner__organization_name="Alice Auth Ltd")
    hierarchy = pki.make_hierarchy(kind="rsa")
    partner = pki.make_partner_certificate(hierarchy.intermediate, organization="Alice Auth Ltd")
    for name, issued in (("root.pem", hierarchy.root), ("intermediate.crt", hierarchy.intermediate),
                         ("alice.pem", partner)):
        (tmp_path / name).write_bytes(issued.pem)
    page = portal.page

    portal.login("dave")
    upload_ca(portal, tmp_path / "root.pem")
    assert "was added to the AUTH trust store" in page.inner_text(".messages")
    upload_ca(portal, tmp_path / "intermediate.crt")
    assert page.locator("text=Download certificate chain").is_visible()
    page.screenshot(path=str(artifacts_dir / "trust-store-intermediate.png"), full_page=True)
    portal.goto("/certificates/trust-store/")
    assert page.locator("table.ca-list tbody tr").count() == 2
    page.screenshot(path=str(artifacts_dir / "trust-store-list.png"), full_page=True)
    portal.logout()

    portal.login("alice")
    portal.goto("/certificates/partner/")
    page.click("main a:has-text('Upload certificate')")
    page.set_input_files("#id_certificate", str(tmp_path / "alice.pem"))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/certificates/partner/")
    assert "platform-signed certificate was issued" in page.inner_text(".messages")
    page.screenshot(path=str(artifacts_dir / "partner-certificate.png"), full_page=True)

    partner_id = alice.partner.partner_id
    with page.expect_download() as original:
        page.click("main .current-certificate a:has-text('CA signed partner certificate')")
    with page.expect_download() as signed:
        page.click("main .current-certificate a:has-text('platform signed certificate')")
    assert original.value.suggested_filename == f"{partner_id}-ca-signed.pem"
    assert signed.value.suggested_filename == f"{partner_id}-platform-signed.pem"
    assert x509.load_pem_x509_certificate(open(original.value.path(), "rb").read()) == partner.certificate
    platform_signed = x509.load_pem_x509_certificate(open(signed.value.path(), "rb").read())
    assert platform_signed.public_key() == partner.certificate.public_key()
    assert platform_signed.issuer != partner.certificate.issuer
