"""Walk the portal as each role: open every page, follow every link, remember every form.

The walk starts from every parameterless URL pattern; links on the pages give concrete paths for the
patterns with parameters (at most `PER_PATTERN` per pattern and role, e.g. a draft and a published policy);
patterns that no page links to get paths from the database (`urls.candidate_paths`).
"""

import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from . import urls
from .html import Form, parse_page
from .probe import Answer, Prober

PER_PATTERN = 3
SKIP_PREFIXES = ("/static/", "/media/")


@dataclass
class Page:
    role: str
    path: str
    route: str
    status: int
    forms: list[Form] = field(default_factory=list)


@dataclass
class Walk:
    pages: list[Page] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    routes_seen: set[str] = field(default_factory=set)


def walk(prober: Prober, seeds: list[str]) -> Walk:
    result, queue, taken = Walk(), deque(seeds), {}
    queued = set(seeds)
    while queue:
        path = queue.popleft()
        route = urls.route_of(urlsplit(path).path)
        if route is None:
            continue
        answer = prober.get(urlsplit(path).path, urlsplit(path).query, what="crawl")
        result.problems += answer.problems
        result.routes_seen.add(route)
        page = Page(prober.role, path, route, answer.status)
        result.pages.append(page)
        if answer.status != 200 or "text/html" not in answer.content_type:
            continue
        links, page.forms = parse_page(answer.content.decode("utf-8", "replace"))
        for link in links + [form.action for form in page.forms if form.method == "get" and form.action]:
            target = _internal(link, path)
            if target is None or target in queued:
                continue
            target_route = urls.route_of(urlsplit(target).path)
            if target_route is None or taken.get(target_route, 0) >= PER_PATTERN:
                continue
            taken[target_route] = taken.get(target_route, 0) + 1
            queued.add(target)
            queue.append(target)
    return result


def _internal(link: str, current: str) -> str | None:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("#", "mailto:", "javascript:")):
        return None
    path = parts.path or urlsplit(current).path
    if not path.startswith("/") or path.startswith(SKIP_PREFIXES):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def shape(name: str) -> str:
    """Fields that repeat with a number (formset rows, checkbox series) are attacked once per shape."""
    return re.sub(r"\d+", "#", name)


def answer_line(answer: Answer) -> str:
    return f"{answer.method} {answer.path} → {answer.status}"
