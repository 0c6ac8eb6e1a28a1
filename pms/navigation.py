"""The side navigation as an HTML fragment rendered once per language, feature set and active item (issue 12).

Every page of the portal shows it; what it contains depends only on which features the user may use
(pms.portal.features_for_request, computed from the user's own permissions and partner type on each request),
the active language and which item is active. The fragment is kept per process under exactly those values,
so two users share a fragment only when it would be the same for both: nothing of a user is in it.
"""

from functools import lru_cache

from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

from .portal import Feature

_MAX_FRAGMENTS = 512
_fragments: dict[tuple, str] = {}


@lru_cache(maxsize=256)
def _url(script_prefix: str, url_name: str) -> str:
    return reverse(url_name)


def _sections(script_prefix: str, feature: Feature, url: str) -> list[str]:
    """The URL prefixes under which this feature's item is the current one: its page and its other tabs."""
    return [section for section in [url, *(_url(script_prefix, name) for name in feature.also_active)] if section]


def navigation_html(request, features: list[Feature]) -> str:
    prefix = get_script_prefix()
    urls = [_url(prefix, feature.url_name) for feature in features]
    active = tuple(any(request.path.startswith(section) for section in _sections(prefix, feature, url))
                   for feature, url in zip(features, urls, strict=True))
    match = getattr(request, "resolver_match", None)
    dashboard_active = match is not None and match.url_name == "dashboard"
    key = (get_language(), prefix, tuple(feature.key for feature in features), active, dashboard_active)
    html = _fragments.get(key)
    if html is None:
        html = render_to_string("layouts/_nav.html", {
            "items": list(zip(features, urls, active, strict=True)), "dashboard_active": dashboard_active})
        if len(_fragments) >= _MAX_FRAGMENTS:
            _fragments.clear()
        _fragments[key] = html
    return html
