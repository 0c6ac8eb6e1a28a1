"""Every page of every role, in English, French and Arabic: axe-core finds no serious or critical violation, and
no French or Arabic page shows the project's English (issue 13, point 9).

How the run stays short (about a minute per language on 2 cores):
- pages are found without a browser: Django's test client crawls every role (tests/crawl.py: the URL patterns,
  then every link, one URL per URL pattern), and the English check reads that HTML (tests/untranslated.py);
- axe-core then runs in Chromium, one browser context per role, once per distinct page: a page whose URL
  pattern and structure (tags, classes, roles, names — not text) were already judged in this language for
  another role is skipped, since axe-core would judge the same markup again;
- the session cookie comes from Django (`force_login`), not from typing a password.

axe-core is the copy bundled in the axe-playwright-python wheel (no network). The report of each language is
written to test-artifacts/accessibility-<language>.json.
"""

import json
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from tests.crawl import build_world, crawl, skeleton
from tests.untranslated import english_in_page

pytestmark = pytest.mark.browser
BLOCKING = {"serious", "critical"}


@pytest.fixture
def world(transactional_db, django_db_serialized_rollback):
    return build_world()


def actors(world) -> list:
    return [None, *sorted(world.values(), key=lambda user: user.username)]


def session_cookie(user, base_url: str) -> list[dict]:
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    return [{"name": "sessionid", "value": cookie.value, "url": base_url}]


def structure_problems(page) -> list[str]:
    """What the issue asks beyond axe: scrollable tables are named, focusable regions."""
    from tests.pms.test_rtl_details import Tags

    regions = [attrs for attrs in Tags(page.html).find("div")
               if "table-responsive" in (attrs.get("class") or "").split()]
    return [f"{page.path}: a scrollable table without tabindex=0, role=region and a name"
            for attrs in regions if not (attrs.get("tabindex") == "0" and attrs.get("role") == "region"
                                         and (attrs.get("aria-label") or attrs.get("aria-labelledby")))]


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_every_page_of_every_role_is_accessible_and_translated(portal, browser, world, language, artifacts_dir):
    axe, judged, report = Axe(), set(), {"pages": 0, "axe_runs": 0, "seconds": {"crawl": 0.0, "axe": 0.0},
                                         "violations": [], "english": [], "structure": []}
    for user in actors(world):
        started = time.monotonic()
        found = crawl(user, language)
        report["seconds"]["crawl"] += time.monotonic() - started
        pages = found.html_pages()
        report["pages"] += len(pages)
        assert pages, f"{found.actor} reached no page"
        context = browser.new_context(locale=language, viewport={"width": 1366, "height": 768})
        context.add_cookies([{"name": "pms_language", "value": language, "url": portal.base}]
                            + (session_cookie(user, portal.base) if user else []))
        tab = context.new_page()
        for page in pages:
            report["structure"] += structure_problems(page)
            if language != "en":
                report["english"] += [f"{found.actor} {page.path}: {text!r}"
                                      for text in english_in_page(page.html, language)]
            shape = (page.route, skeleton(page.html))
            if shape in judged:
                continue
            judged.add(shape)
            started = time.monotonic()
            tab.goto(portal.url(page.path))
            assert tab.get_attribute("html", "lang") == language, page.path
            results = axe.run(tab).response
            report["seconds"]["axe"] += time.monotonic() - started
            report["axe_runs"] += 1
            report["violations"] += [
                {"actor": found.actor, "path": page.path, "rule": v["id"], "impact": v["impact"],
                 "help": v["help"], "targets": [node["target"] for node in v["nodes"]][:5]}
                for v in results["violations"] if v["impact"] in BLOCKING]
        context.close()
    (artifacts_dir / f"accessibility-{language}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    assert report["violations"] == [], json.dumps(report["violations"], indent=2, ensure_ascii=False)
    assert report["english"] == []
    assert report["structure"] == []
