"""Every URL pattern of the project, and concrete paths for the patterns that take parameters.

Parameters are filled in two ways, so that new apps are covered without editing this module:
1. by crawling (see `crawl.py`): every link on every page a role can open gives a real path for its pattern
   (e.g. the policy detail page of a policy the crawl saw in a list);
2. for patterns no page links to, from the database: a `<uuid:…>` parameter is tried with the UUIDs of every
   model's rows, other converters with a few plain values, keeping the first path that `reverse()` accepts
   and that some role can open (not 404).
"""

import re
import uuid
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter, UUIDConverter
from django.urls.exceptions import NoReverseMatch, Resolver404
from django.urls.resolvers import RoutePattern

PLAIN_VALUES = ["auth", "datashare", "1", "x", "partners", "AUTH"]


@dataclass(frozen=True)
class Pattern:
    route: str  # as ResolverMatch.route reports it: the key every concrete path maps back to
    name: str  # "namespace:name", or "" for unnamed patterns
    params: tuple[str, ...]
    converters: tuple[object, ...]

    @property
    def has_params(self) -> bool:
        return bool(self.params)


def all_patterns() -> list[Pattern]:
    return list(_walk(get_resolver(), "", [], []))


def _walk(resolver, prefix: str, namespaces: list[str], converters: list):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        own = _converters(entry.pattern)
        if isinstance(entry, URLResolver):
            spaces = namespaces + [entry.namespace] if entry.namespace else namespaces
            yield from _walk(entry, route, spaces, converters + own)
        elif isinstance(entry, URLPattern):
            allconv = converters + own
            name = ":".join(namespaces + [entry.name]) if entry.name else ""
            yield Pattern(route, name, tuple(n for n, _ in allconv), tuple(c for _, c in allconv))


def _converters(pattern) -> list[tuple[str, object]]:
    if isinstance(pattern, RoutePattern):
        return list(pattern.converters.items())
    return [(name, None) for name in pattern.regex.groupindex]


def route_of(path: str) -> str | None:
    try:
        return resolve(path).route
    except Resolver404:
        return None


def plain_path(pattern: Pattern) -> str | None:
    """The path of a pattern without parameters (regex patterns are reached through reverse())."""
    if pattern.has_params:
        return None
    if pattern.name:
        try:
            from django.urls import reverse

            return reverse(pattern.name)
        except NoReverseMatch:
            return None
    if "(?" in pattern.route or "^" in pattern.route:
        return None
    return "/" + pattern.route


def uuid_values(limit_per_model: int = 3) -> list[str]:
    """UUIDs of rows of every model with a UUID field (objects appear in URLs by such a code)."""
    values = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.UUIDField):
                values += [str(v) for v in model._default_manager.values_list(field.name, flat=True)
                           .order_by(field.name)[:limit_per_model]]
    return values + [str(uuid.UUID(int=0))]


def candidate_paths(pattern: Pattern, uuids: list[str]):
    """Paths for a parameterized pattern from database values, most plausible first."""
    from django.urls import reverse

    if not pattern.name:
        path = _substituted(pattern, uuids)
        if path is not None:
            yield path
        return
    choices = [uuids if isinstance(conv, UUIDConverter) else
               ["1"] if isinstance(conv, IntConverter) else PLAIN_VALUES for conv in pattern.converters]
    for index in range(max(len(c) for c in choices)):
        kwargs = {name: values[min(index, len(values) - 1)]
                  for name, values in zip(pattern.params, choices, strict=True)}
        try:
            yield reverse(pattern.name, kwargs=kwargs)
        except NoReverseMatch:
            continue


def _substituted(pattern: Pattern, uuids: list[str]) -> str | None:
    """Unnamed patterns (e.g. the admin's redirects): parameters replaced in the route text itself."""
    route = pattern.route
    route = re.sub(r"<uuid:\w+>", uuids[0], route)
    route = re.sub(r"<\w+:\w+>|<\w+>", "1", route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "x", route).lstrip("^").rstrip("$")
    path = "/" + route
    return path if route_of(path) == pattern.route else None
