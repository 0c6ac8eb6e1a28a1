"""Register → logout → login → profile → change language, once per language, in headless Chromium."""

import pytest

from partners.models import PartnerType, User

pytestmark = pytest.mark.browser

DASHBOARD_HEADING = {"en": "Welcome, Lina Haddad", "fr": "Bienvenue, Lina Haddad", "ar": "مرحبًا، Lina Haddad"}
NEXT_LANGUAGE = {"en": "fr", "fr": "ar", "ar": "en"}


def fill_registration(page, suffix):
    page.fill("#id_first_name", "Lina")
    page.fill("#id_last_name", "Haddad")
    page.fill("#id_organization_name", f"Lina Labs {suffix}")
    page.select_option("#id_partner_type", str(PartnerType.objects.get(code="auth-partner").pk))
    page.fill("#id_address", "5 Avenue Mohammed V, Rabat")
    page.fill("#id_email", f"lina-{suffix}@example.org")
    page.fill("#id_phone_number", "+212 522 123 456")
    page.fill("#id_username", f"lina-{suffix}")
    page.fill("#id_password1", "a-Long-browser-passphrase")
    page.fill("#id_password2", "a-Long-browser-passphrase")
    page.check("#id_accept_terms")
    page.click("main button[type=submit]")


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_partner_journey_in_each_language(portal, artifacts_dir, language):
    page = portal.page
    portal.goto("/accounts/signup/")
    page.select_option("#language-select", language)  # the switcher submits itself with JavaScript
    page.wait_for_selector(f'html[lang="{language}"]')
    fill_registration(page, language)
    page.wait_for_url("**/dashboard/")
    assert page.locator("h1").inner_text() == DASHBOARD_HEADING[language]
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
    page.screenshot(path=str(artifacts_dir / f"dashboard-{language}.png"), full_page=True)

    portal.logout()
    portal.login(f"lina-{language}@example.org", "a-Long-browser-passphrase")
    assert page.get_attribute("html", "lang") == language

    page.click("details.user-menu > summary")
    page.click("details.user-menu a[href='/account/profile/']")
    page.wait_for_url("**/account/profile/")
    assert User.objects.get(username=f"lina-{language}").partner.partner_id in page.content()

    target = NEXT_LANGUAGE[language]
    page.select_option("#id_language", target)
    page.click("form[action='/account/language/'] main button, main form[action='/account/language/'] button")
    page.wait_for_selector(f'html[lang="{target}"]')
    assert page.get_attribute("html", "dir") == ("rtl" if target == "ar" else "ltr")
    assert User.objects.get(username=f"lina-{language}").language == target
