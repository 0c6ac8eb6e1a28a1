"""The rough edges of a partner's first hour (issue 13, point 6)."""

import re

import pytest

from apikeys.models import ApiKey  # noqa: F401 (the apikeys app is installed: links offer credentials)
from partners.models import User
from tests.partners.test_registration import signup_data
from tests.pms.test_rtl_details import Tags

pytestmark = pytest.mark.django_db


def test_the_login_page_has_one_forgot_password_link(client):
    html = client.get("/accounts/login/").content.decode()
    assert len([a for a in Tags(html).find("a") if a.get("href") == "/accounts/password/reset/"]) == 1


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_login_fields_label_differs_from_the_heading_and_the_button(client, language):
    client.cookies["pms_language"] = language
    html = client.get("/accounts/login/").content.decode()
    label = re.search(r'<label class="form-label" for="id_login">(.*?)</label>', html).group(1).strip()
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html).group(1).strip()
    button = re.search(r'<button type="submit"[^>]*>(.*?)</button>', html).group(1).strip()
    assert label not in (heading, button)


def test_after_registration_the_message_names_the_organization_and_its_partner_id(client):
    response = client.post("/accounts/signup/", signup_data(language="en"), follow=True)
    partner = User.objects.get(username="nadia").partner
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [f"Nadia Networks is registered as a partner. Its partner ID is {partner.partner_id}: "
                        "quote it when you contact the platform."]


def test_a_later_login_still_says_who_signed_in(client):
    client.post("/accounts/signup/", signup_data())
    client.logout()
    response = client.post("/accounts/login/", {"login": "nadia", "password": "a-Very-good-passphrase"},
                           follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Successfully signed in as nadia."]


def test_the_partner_dashboard_shows_partner_certificate_once(alice_client):
    html = alice_client.get("/dashboard/").content.decode()
    main = html[html.index('<main'):html.index("</main>")]
    assert main.count("Partner certificate") == 1


@pytest.mark.parametrize("who", ["partner", "admin"])
def test_long_policy_documents_are_folded_behind_a_toggle_that_needs_no_javascript(alice, dave_client, client, who):
    from tests.apikeys.factories import approved_link

    link = approved_link(alice.partner)
    if who == "partner":
        client.force_login(alice)
        html = client.get(f"/policies/requests/{link.code}/").content.decode()
    else:
        html = dave_client.get(link.get_absolute_url()).content.decode()
    folded = re.search(r'<details class="policy-document-toggle">\s*<summary[^>]*>(.*?)</summary>\s*<pre', html,
                       re.DOTALL)
    assert folded and "Show policy document" in folded.group(1)
