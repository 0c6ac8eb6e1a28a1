"""Shared fixtures: named actors (STYLE.md §12), fast test settings, services and the browser."""

import os
import socket
from pathlib import Path

import pytest

from tests import factories

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    settings.SECURE_SSL_REDIRECT = False
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    from pms.celery import app

    app.conf.task_always_eager = True  # Celery reads its settings once; set it on the app itself


@pytest.fixture(autouse=True)
def _fresh_cache_and_language():
    from django.core.cache import cache
    from django.utils import translation

    from pms.counting import forget_estimates

    cache.clear()  # rate-limit counters must not leak between tests
    forget_estimates()  # nor a big table's estimate, kept a minute per process
    translation.activate("en")  # a request that switched language must not leak into the next test
    yield
    translation.deactivate()


# --- Actors --------------------------------------------------------------------------------------

@pytest.fixture
def alice(db):
    """A partner user (authentication partner)."""
    return factories.make_partner_user(username="alice", partner__organization_name="Alice Auth Ltd")


@pytest.fixture
def bob(db):
    """Another partner's user, who must never see Alice's data."""
    return factories.make_partner_user(username="bob", partner__organization_name="Bob Bank")


@pytest.fixture
def carol(db):
    """A policy manager."""
    return factories.make_policy_manager(username="carol")


@pytest.fixture
def dave(db):
    """A partner admin."""
    return factories.make_partner_admin(username="dave")


def _client_for(client_class, user):
    client = client_class()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice, client):
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(bob):
    from django.test import Client

    return _client_for(Client, bob)


@pytest.fixture
def carol_client(carol):
    from django.test import Client

    return _client_for(Client, carol)


@pytest.fixture
def dave_client(dave):
    from django.test import Client

    return _client_for(Client, dave)


# --- Real services -------------------------------------------------------------------------------

def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_service(name: str, host: str, port: int) -> None:
    """In CI a missing service is a failure; elsewhere the test is skipped with the reason."""
    if _reachable(host, port):
        return
    message = f"{name} is not reachable on {host}:{port}"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message + " (start it to run this test)")


def require_postgresql() -> None:
    """Tests of PostgreSQL's own behaviour (plans, row locks): in CI always run; elsewhere skipped on SQLite."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    if IN_CI:
        pytest.fail("CI runs the tests on PostgreSQL (set DATABASE_URL)")
    pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://…)")


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    require_service("Redis", "127.0.0.1", 6379)
    return url


# --- Browser -------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync"]}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Keep the serialized test database on the connection class, not only on the first instance.

    Playwright's sync API runs later tests in another context, where Django hands out a new connection
    object; without this, serialized rollback there cannot restore the rows migrations seed.
    """
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            type(connections[alias])._test_serialized_contents = contents
    yield


@pytest.fixture(scope="session")
def artifacts_dir():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def portal(live_server, page, settings, django_db_serialized_rollback):
    """The live portal in a browser page: `portal.url("/path")`, `portal.page`.

    Live-server tests flush the database; the serialized rollback restores the rows that migrations
    seed (partner types, the audit chain head) for the next test.
    """
    settings.ALLOWED_HOSTS = ["*"]
    page.set_default_timeout(10_000)
    return _Portal(live_server.url, page)


class _Portal:
    def __init__(self, base: str, page):
        self.base, self.page = base, page

    def url(self, path: str) -> str:
        return self.base + path

    def goto(self, path: str):
        return self.page.goto(self.url(path))

    def login(self, login: str, password: str = factories.PASSWORD):
        self.goto("/accounts/login/")
        self.page.fill("#id_login", login)
        self.page.fill("#id_password", password)
        self.page.click("main button[type=submit]")
        self.page.wait_for_url("**/dashboard/")

    def logout(self):
        self.page.click("details.user-menu > summary")
        self.page.click("details.user-menu button[type=submit]")
        self.page.wait_for_url("**/accounts/login/**")
