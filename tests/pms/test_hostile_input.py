"""Every URL pattern, every role, hostile input everywhere: no 5xx, no traceback, no write on GET, no
off-site redirect, nothing changed by a refused request, and no value that must be refused stored.

How it finds what to attack (so that new apps and forms are covered without editing this file):
- the portal is populated by every app's demo data plus objects the demo leaves out (`hostile/world.py`);
- roles come from that data: anonymous, one user per partner type, one per staff role;
- each role opens every parameterless URL and follows every link (`hostile/crawl.py`); patterns with
  parameters that a role's pages do not link to are tried with paths other roles saw, else with values from
  the database (`hostile/urls.py`), so every role requests every pattern;
- every form on every page is submitted with each field replaced by each hostile value of its kind, then
  missing, duplicated and replaced by a file (`hostile/attack.py`; repeated fields such as formset rows are
  attacked once per shape, and a form already attacked on another page gets a lighter attack); every POST
  target also gets raw hostile bodies (JSON and broken encodings).
Budget: about 3,500 requests; under 3 minutes on 2 cores (see /work/notes/issue-11.md for measured figures).
Each request runs in a savepoint that is rolled back, so every request meets the same portal.
"""

import time
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import override_settings

from .hostile import attack, corpus, crawl, urls, world
from .hostile.dbstate import Fingerprint
from .hostile.probe import Prober

pytestmark = pytest.mark.django_db


@dataclass
class Attack:
    probers: dict[str, Prober]
    admin_roles: set[str]
    walks: dict[str, crawl.Walk]
    patterns: list[urls.Pattern]
    seconds: dict[str, float] = field(default_factory=dict)

    def pages(self, status: int | None = None):
        for role, result in self.walks.items():
            for page in result.pages:
                if status is None or page.status == status:
                    yield role, page


# What tests/conftest.py's per-test settings fixture sets, for this module-wide crawl.
MODULE_SETTINGS = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "STORAGES": {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                 "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
    "SECURE_SSL_REDIRECT": False,
    "ALLOWED_HOSTS": ["testserver"],
    "PMS_TRUST_X_FORWARDED_FOR": True,  # so that the hostile X-Forwarded-For header is read
}


@pytest.fixture(scope="module")
def portal(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(**MODULE_SETTINGS):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _crawl_everything()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _crawl_everything() -> Attack:
    started = time.monotonic()
    world.build()
    fingerprint = Fingerprint()
    probers = {role: Prober(role, user, fingerprint) for role, user in world.roles().items()}
    baseline = fingerprint.take()
    for prober in probers.values():
        prober.baseline = baseline
    patterns = urls.all_patterns()
    seeds = [path for pattern in patterns if (path := urls.plain_path(pattern))]
    walks = {role: crawl.walk(prober, seeds) for role, prober in probers.items()}
    admin_roles = _admin_roles(probers)
    _request_the_rest(probers, walks, patterns, admin_roles)
    return Attack(probers, admin_roles, walks, patterns, {"crawl": time.monotonic() - started})


def _admin_roles(probers) -> set[str]:
    """Django's admin lets in staff users only and checks that before anything else: its ~150 patterns are
    requested by anonymous and by one role per `is_staff` value, which keeps the run short."""
    chosen, seen = {"anonymous"}, set()
    for role, prober in probers.items():
        if prober.user is not None and prober.user.is_staff not in seen:
            seen.add(prober.user.is_staff)
            chosen.add(role)
    return chosen


def _requesters(pattern, probers, admin_roles) -> list[str]:
    return [role for role in probers if not pattern.route.startswith("admin/") or role in admin_roles]


def _request_the_rest(probers, walks, patterns, admin_roles) -> None:
    """Each role requests each pattern it has not reached: with a path another role saw, else from the database."""
    seen_paths: dict[str, str] = {}
    for result in walks.values():
        for page in result.pages:
            if page.status != 404:
                seen_paths.setdefault(page.route, page.path)
    uuids = urls.uuid_values()
    for pattern in patterns:
        path = seen_paths.get(pattern.route) or next(urls.candidate_paths(pattern, uuids), None)
        if path is None:
            continue
        for role in _requesters(pattern, probers, admin_roles):
            prober = probers[role]
            if pattern.route not in walks[role].routes_seen:
                answer = prober.get(path.split("?")[0], path.partition("?")[2], what="every pattern")
                walks[role].problems += answer.problems
                walks[role].routes_seen.add(pattern.route)
                walks[role].pages.append(crawl.Page(role, path, pattern.route, answer.status))


def _report(problems: list[str], limit: int = 60) -> str:
    unique = list(dict.fromkeys(problems))
    return f"{len(unique)} problems:\n" + "\n".join(unique[:limit])


def test_every_url_pattern_is_requested_by_every_role(portal):
    for role, result in portal.walks.items():
        missing = [p.route for p in portal.patterns if p.route not in result.routes_seen
                   and role in _requesters(p, portal.probers, portal.admin_roles)]
        assert not missing, f"{role} never requested {missing}"
    assert len(portal.walks) >= 7  # anonymous, four partner types, two staff roles (more as data grows)


def test_no_page_fails_writes_or_redirects_off_site_on_get(portal):
    problems = [problem for result in portal.walks.values() for problem in result.problems]
    assert not problems, _report(problems)


def test_hostile_query_strings_and_headers_are_answered_without_error(portal):
    problems, done = [], set()
    for role, page in portal.pages(status=200):
        if page.route in done:  # each page once, by the first role that can open it
            continue
        done.add(page.route)
        path = page.path.split("?")[0]
        for what, query in attack.query_strings(page.forms):
            problems += portal.probers[role].get(path, query, what=what).problems
        problems += portal.probers[role].get(path, what="hostile headers", **corpus.HEADERS).problems
    assert not problems, _report(problems)


def _distinct_forms(portal):
    """Each form once (by its target pattern and field shapes), with the first role that saw it; a form whose
    fields were already attacked on another page (a policy's create and edit pages) gets the light attack."""
    done, shapes_done = set(), set()
    for role, page in portal.pages(status=200):
        for form in page.forms:
            if form.method != "post":
                continue
            target = form.action.split("?")[0] or page.path.split("?")[0]
            route = urls.route_of(target)
            shapes = frozenset(crawl.shape(name) for name in form.names)
            if route is None or (route, shapes) in done:
                continue
            done.add((route, shapes))
            yield role, target, form, shapes in shapes_done
            shapes_done.add(shapes)


def test_hostile_form_submissions_are_refused_cleanly_and_change_nothing(portal):
    problems = []
    for role, target, form, light in _distinct_forms(portal):
        prober = portal.probers[role]
        for what, data, must_refuse in attack.form_submissions(form, light=light):
            problems += prober.post(target, data, what=what, must_refuse_mark=must_refuse).problems
    assert not problems, _report(problems)


def test_hostile_request_bodies_get_a_clear_answer(portal):
    """Raw bodies: every JSON body to the endpoints that take no form (GET answers 405), broken encodings
    and a JSON body to every form's target."""
    targets = {}
    for role, page in portal.pages(status=405):
        targets.setdefault(page.route, (role, page.path.split("?")[0], corpus.RAW_BODIES))
    for role, target, _form, _light in _distinct_forms(portal):
        targets.setdefault(urls.route_of(target), (role, target, corpus.FORM_BODIES))
    problems = []
    for role, target, bodies in targets.values():
        for what, content_type, body in bodies:
            problems += portal.probers[role].post(target, body, content_type=content_type, what=what).problems
    assert not problems, _report(problems)
