"""The bell kept per user in the shared cache (issue 12): read once, forgotten whenever the user's notices
change, and never one user's bell on another user's page."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import services
from notifications.models import Notification
from tests.factories import make_partner_user

from .factories import START, api_key, auth_partner_user, run_at
from .test_views import notices_for

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("dashboard")


@pytest.fixture(autouse=True)
def bell_cache(settings):
    settings.PMS_BELL_CACHE_SECONDS = 60


@pytest.fixture
def owner():
    return auth_partner_user(username="owner", partner__organization_name="Owner Ltd")


def _notice_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DASHBOARD).status_code == 200
    return len([q for q in queries if "notifications_notification" in q["sql"]])


def test_the_bell_is_read_once_then_from_the_cache(client, owner):
    notices_for(owner, 2)
    client.force_login(owner)

    assert _notice_queries(client) == 1
    assert _notice_queries(client) == 0


def test_a_new_notice_shows_on_the_next_page(client, owner):
    notices_for(owner, 1)
    client.force_login(owner)
    assert 'data-unread-count="1"' in client.get(DASHBOARD).content.decode()

    api_key(partner=owner.partner, expires_at=START + dt.timedelta(days=10), created_by=owner, label="new item")
    run_at(START + dt.timedelta(minutes=5))  # the sweep inserts the notice through its own SQL

    html = client.get(DASHBOARD).content.decode()
    assert 'data-unread-count="2"' in html and "new item" in html


def test_dismissing_a_notice_shows_at_once(client, owner):
    first, second = notices_for(owner, 2)
    client.force_login(owner)
    client.get(DASHBOARD)

    client.post(reverse("notifications:dismiss", args=[first.code]), {"next": DASHBOARD})

    assert 'data-unread-count="1"' in client.get(DASHBOARD).content.decode()


def test_mark_all_read_shows_at_once(client, owner):
    notices_for(owner, 3)
    client.force_login(owner)
    client.get(DASHBOARD)

    client.post(reverse("notifications:read_all"))

    assert "data-unread-count" not in client.get(DASHBOARD).content.decode()


def test_the_retention_purge_forgets_the_bells_it_empties(client, owner):
    notices_for(owner, 1)
    client.force_login(owner)
    assert "item 0" in client.get(DASHBOARD).content.decode()

    services.purge_notifications(older_than_days=0, now=START.replace(year=2031))

    assert not Notification.objects.exists()
    assert "item 0" not in client.get(DASHBOARD).content.decode()


def test_one_users_bell_is_never_shown_to_another(client, owner):
    notices_for(owner, 3)
    other = make_partner_user(username="other", partner=owner.partner)
    client.force_login(owner)
    assert 'data-unread-count="3"' in client.get(DASHBOARD).content.decode()

    client.force_login(other)
    html = client.get(DASHBOARD).content.decode()

    assert "data-unread-count" not in html and "item 0" not in html
