"""Smoke test: every parameterless page renders for every actor in every language, and never fails."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from certificates.services import ensure_portal_ca
from tests.factories import make_partner_admin, make_partner_user, make_policy_manager

pytestmark = pytest.mark.django_db
SKIP_PREFIXES = ("admin/", "accounts/")  # Django's admin and allauth's own pages are theirs to test


def parameterless_paths(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if "<" in route or route.startswith(SKIP_PREFIXES) or "(?P" in route:
            continue
        if isinstance(entry, URLResolver):
            yield from parameterless_paths(entry, route)
        elif isinstance(entry, URLPattern):
            yield "/" + route.lstrip("^").rstrip("$")


ACCOUNT_PAGES = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/accounts/password/change/",
                 "/accounts/2fa/", "/accounts/reauthenticate/"]
ACTORS = {
    "anonymous": None,
    "partner": lambda: make_partner_user(username="p1"),
    "device-provider": lambda: make_partner_user(username="p2", type_code="device-provider"),
    "policy-manager": lambda: make_policy_manager(username="pm"),
    "partner-admin": lambda: make_partner_admin(username="pa"),
}


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
@pytest.mark.parametrize("actor", list(ACTORS))
def test_every_page_renders_for_every_actor_in_every_language(client, actor, language):
    ensure_portal_ca()  # what `migrate` does, so that its download page has something to serve
    if ACTORS[actor]:
        client.force_login(ACTORS[actor]())
    client.cookies["pms_language"] = language
    for path in sorted(set(parameterless_paths()) | set(ACCOUNT_PAGES)):
        response = client.get(path)
        assert response.status_code in (200, 302, 403, 405), (path, response.status_code)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            html = response.content.decode()
            assert f'lang="{language}"' in html, path
            assert ('dir="rtl"' in html) == (language == "ar"), path
