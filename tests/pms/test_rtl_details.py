"""Right-to-left details and scrollable tables (issue 13, points 5 and 8), read in the Arabic and French HTML."""

import json
from html.parser import HTMLParser

import pytest

from apikeys import services as apikeys
from tests.apikeys.factories import approved_link
from tests.apikeys.test_oidc import jwk_of
from tests.certificates.factories import give_valid_partner_certificate

pytestmark = pytest.mark.django_db


class Tags(HTMLParser):
    """Every start tag with its attributes as written (duplicates kept, which browsers silently drop)."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, list]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def find(self, tag: str, **wanted) -> list[dict]:
        return [dict(attrs) for name, attrs in self.tags
                if name == tag and all(dict(attrs).get(k) == v for k, v in wanted.items())]


def arabic(client, path: str) -> str:
    client.cookies["pms_language"] = "ar"
    response = client.get(path)
    assert response.status_code == 200 and 'dir="rtl"' in response.content.decode()
    return response.content.decode()


def test_partner_id_phone_and_email_are_isolated_left_to_right_in_arabic(dave_client, alice):
    html = arabic(dave_client, f"/partners/{alice.partner.code}/")
    assert f'<bdi dir="ltr" class="identifier">{alice.partner.partner_id}</bdi>' in html
    assert f'<bdi dir="ltr">{alice.partner.phone_number}</bdi>' in html
    assert f'<bdi dir="ltr">{alice.email}</bdi>' in html


def test_partner_ids_are_never_broken_across_lines():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "pms/static/pms/pms.css").read_text()
    assert ".identifier { white-space: nowrap; }" in css


def test_the_partner_sees_its_own_partner_id_isolated_on_its_dashboard_and_profile(alice_client, alice):
    isolated = f'<bdi dir="ltr" class="identifier">{alice.partner.partner_id}</bdi>'
    assert isolated in arabic(alice_client, "/dashboard/")
    profile = arabic(alice_client, "/account/profile/")
    assert isolated in profile and f'<bdi dir="ltr">{alice.email}</bdi>' in profile


def test_certificate_fingerprint_and_names_are_isolated_in_arabic(alice_client, alice):
    certificate = give_valid_partner_certificate(alice.partner)
    html = arabic(alice_client, "/certificates/partner/")
    assert f'<bdi dir="ltr">{certificate.fingerprint_display}</bdi>' in html
    assert f'<bdi dir="ltr">{certificate.subject}</bdi>' in html


def test_oidc_redirect_uris_and_client_id_are_isolated_in_arabic(alice_client, alice):
    link = approved_link(alice.partner)
    client = apikeys.create_oidc_client(
        partner=alice.partner, link=link, name="RP", public_key=json.dumps(jwk_of()),
        redirect_uris=["https://rp.example.org/callback"], logo_uri="https://rp.example.org/logo.png",
        grant_types=["authorization_code"], auth_methods=["private_key_jwt"], actor=alice)
    html = arabic(alice_client, f"/apikeys/oidc/{client.code}/")
    assert '<bdi dir="ltr">https://rp.example.org/callback</bdi>' in html
    assert f'<bdi dir="ltr">{client.client_id}</bdi>' in html


def test_api_key_prefix_keeps_its_ellipsis_at_its_end_in_arabic(alice_client, alice):
    key, _ = apikeys.generate_api_key(partner=alice.partner, link=approved_link(alice.partner), label="prod",
                                      actor=alice)
    assert f'<bdi class="font-monospace" dir="ltr">{key.prefix}…</bdi>' in arabic(alice_client, "/apikeys/")


@pytest.mark.parametrize("path", ["/accounts/signup/", "/account/profile/"])
def test_the_phone_input_is_a_single_tel_input(client, alice, path):
    if path != "/accounts/signup/":
        client.force_login(alice)
    phone = [attrs for tag, attrs in Tags(client.get(path).content.decode()).tags
             if tag == "input" and ("name", "phone_number") in attrs]
    assert len(phone) == 1 and [value for name, value in phone[0] if name == "type"] == ["tel"]
    assert dict(phone[0])["autocomplete"] == "tel"


def test_scrollable_tables_are_keyboard_reachable_regions_with_a_name(dave_client, alice):
    """The one serious axe violation of the walk-through: the admin partner detail page in French."""
    dave_client.cookies["pms_language"] = "fr"
    regions = Tags(dave_client.get(f"/partners/{alice.partner.code}/").content.decode()).find("div")
    scrollable = [attrs for attrs in regions if "table-responsive" in attrs.get("class", "").split()]
    assert scrollable and all(r.get("tabindex") == "0" and r.get("role") == "region" and r.get("aria-label")
                              for r in scrollable)
    assert scrollable[0]["aria-label"] == "Utilisateurs de ce partenaire"
