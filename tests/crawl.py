"""Every page of the portal, as each role reaches it: a world of real objects and a crawler (issue 13, point 9).

The world is what `load_demo_data` builds — every app's registered demo loader, so the objects of an app added
later (devices, notifications…) are there as soon as its loader is — plus the states a first hour produces: a
pending, an approved and a rejected policy request, API keys active and deactivated, an OIDC client, a draft
policy, a deactivated group and a deactivated partner.

The crawler starts, like tests/pms/test_every_page.py, from every URL pattern without parameters and the
account pages, then follows every link of every page it gets: detail pages are reached through real objects.
It visits a few URLs per URL pattern (a tenth API key's page is the same template as the first), GETs only
(no GET changes data), and reads the HTML Django answers (pages are server-rendered).
"""

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

from tests.pms.test_every_page import ACCOUNT_PAGES, parameterless_paths

SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/api/", "/accounts/logout/")


# --- The world -------------------------------------------------------------------------------------------

def build_world() -> dict:
    """The demo data of every app plus the states of a first hour; returns the actors by username."""
    from partners.demo import PARTNERS, STAFF
    from partners.models import User
    from pms.portal import registry

    for _order, loader in registry.demo_data:
        loader(stdout=io.StringIO())
    users = {user.username: user for user in User.objects.filter(
        username__in=[row[0] for row in STAFF] + [row[0] for row in PARTNERS]).select_related("partner")}
    _first_hour(users)
    return users


def _first_hour(users: dict) -> None:
    from apikeys import services as credentials
    from partners import services as partners
    from policies import services as policies
    from policies.models import Policy, PolicyType

    admin, manager, auth, cred = users["admin"], users["policymanager"], users["authpartner"], users["credpartner"]
    published = {p.policy_type: p for p in Policy.objects.filter(status=Policy.Status.PUBLISHED)}
    group = published[PolicyType.AUTH].group
    approved = policies.approve_link(link=policies.request_policy(
        partner=auth.partner, policy=published[PolicyType.AUTH], purpose="Customer login", actor=auth),
        actor=admin, note="Welcome")
    policies.request_policy(partner=cred.partner, policy=published[PolicyType.DATASHARE],
                            purpose="Print credentials", actor=cred)
    second = policies.create_policy(group=group, name="Second login", policy_type=PolicyType.AUTH,
                                    document=published[PolicyType.AUTH].document, actor=manager)
    policies.publish_policy(policy=second, actor=manager)
    policies.reject_link(link=policies.request_policy(partner=auth.partner, policy=second, purpose="Backup",
                                                      actor=auth), actor=admin, comment="Not needed")
    policies.create_policy(group=group, name="Draft policy", policy_type=PolicyType.DATASHARE,
                           document=published[PolicyType.DATASHARE].document, actor=manager)
    old = policies.create_policy_group(name="Retired group", description="No longer offered.", actor=manager)
    policies.deactivate_policy_group(group=old, actor=manager)
    production, _ = credentials.generate_api_key(partner=auth.partner, link=approved, label="production", actor=auth)
    auth.extra_paths = [f"/apikeys/{production.code}/created/"]  # reached by a redirect, never by a link
    staging, _ = credentials.generate_api_key(partner=auth.partner, link=approved, label="staging", actor=auth)
    credentials.deactivate_api_key(key=staging, actor=auth)
    credentials.create_oidc_client(
        partner=auth.partner, link=approved, name="Relying party", public_key=json.dumps(_public_jwk()),
        redirect_uris=["https://rp.example.org/callback"], logo_uri="https://rp.example.org/logo.png",
        grant_types=["authorization_code"], auth_methods=["private_key_jwt"], actor=auth)
    closed = partners.register_partner(
        username="closed", email="closed@example.org", password="a-Long-closed-passphrase", first_name="Omar",
        last_name="Idrissi", organization_name="Closed Services", partner_type=cred.partner.partner_type,
        address="2 Demo Street", phone_number="+212522654321", language="ar")
    partners.deactivate_partner(partner=closed.partner, actor=admin, reason="Contract ended")


def _public_jwk() -> dict:
    import base64

    from cryptography.hazmat.primitives.asymmetric import rsa

    numbers = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key().public_numbers()

    def b64(number: int) -> str:
        return base64.urlsafe_b64encode(number.to_bytes((number.bit_length() + 7) // 8, "big")).rstrip(b"=").decode()

    return {"kty": "RSA", "n": b64(numbers.n), "e": b64(numbers.e)}


# --- The crawl -------------------------------------------------------------------------------------------

@dataclass
class Page:
    path: str
    route: str
    status: int
    html: str = ""

    @property
    def is_html(self) -> bool:
        return bool(self.html)


@dataclass
class Crawl:
    actor: str
    language: str
    pages: list[Page] = field(default_factory=list)

    def html_pages(self) -> list[Page]:
        return [page for page in self.pages if page.status == 200 and page.is_html]


def crawl(user, language: str, *, per_route: int = 3, limit: int = 400) -> Crawl:
    """Every page `user` (None: a visitor) reaches from the URL patterns and the links it is shown.

    Up to `per_route` URLs of one pattern are visited (a draft policy's page has other buttons than a
    published one's); query strings are dropped (filters, sorting and pages render the same templates).
    """
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies["pms_language"] = language
    result = Crawl(actor=user.get_username() if user else "anonymous", language=language)
    queue = sorted(set(parameterless_paths()) | set(ACCOUNT_PAGES) | {"/dashboard/"}
                   | set(getattr(user, "extra_paths", [])))
    visited: set[str] = set()
    per: dict[str, int] = {}
    while queue and len(result.pages) < limit:
        path = urlsplit(queue.pop(0)).path
        route = route_of(path)
        if route is None or path in visited or per.get(route, 0) >= per_route:
            continue
        visited.add(path)
        per[route] = per.get(route, 0) + 1
        response = client.get(path)
        html = response.content.decode() if response.get("Content-Type", "").startswith("text/html") else ""
        result.pages.append(Page(path, route, response.status_code, html if response.status_code == 200 else ""))
        queue += [link for link in links_in(html) if urlsplit(link).path not in visited]
    return result


def route_of(path: str) -> str | None:
    if path.startswith(SKIP_PREFIXES):
        return None
    try:
        return resolve(urlsplit(path).path).route
    except Resolver404:
        return None


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith("/") and not href.startswith("//"):
            self.hrefs.append(href.split("#", 1)[0])


def links_in(html: str) -> Iterator[str]:
    if not html:
        return iter(())
    parser = _Links()
    parser.feed(html)
    return iter(dict.fromkeys(parser.hrefs))


class _Skeleton(HTMLParser):
    """The page's structure without its text: what axe-core judges, so two pages alike are judged once."""

    def __init__(self):
        super().__init__()
        self.shape: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # Icons (bi-*) and the current navigation item differ between roles and pages, not the markup's kind.
        classes = " ".join(c for c in (attrs.get("class") or "").split() if not c.startswith("bi-") and c != "active")
        self.shape.add("|".join([tag, classes, attrs.get("role") or "", attrs.get("type") or "",
                                 "label" if attrs.get("aria-label") else "", attrs.get("tabindex") or ""]))


def skeleton(html: str) -> frozenset:
    parser = _Skeleton()
    parser.feed(html)
    return frozenset(parser.shape)
