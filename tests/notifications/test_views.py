"""The reader's side (PRODUCT.md §9): the bell on every page, the list with a tab per visible type, filters
and pagination, one notice, Dismiss and Mark all as read (POST only), each user seeing only their own."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from notifications.models import Kind, Notification
from tests.factories import make_partner_admin, make_partner_user

from .factories import START, api_key, auth_partner_user, partner_certificate, run_at

pytestmark = pytest.mark.django_db
LIST = reverse("notifications:list")


def notices_for(user, count: int, *, days: int = 10):
    """`count` notices for `user` through the real sweep, about API keys "item 0", "item 1"… (newest last)."""
    for number in range(count):
        api_key(partner=user.partner, expires_at=START + dt.timedelta(days=days), created_by=user,
                label=f"item {number}")
        run_at(START + dt.timedelta(minutes=number))
    return list(Notification.objects.filter(recipient=user).order_by("created_at"))


def main_of(response) -> str:
    """The page without the top bar (whose bell panel lists the latest notices on every page)."""
    html = response.content.decode()
    return html[html.index("<main"):]


@pytest.fixture
def owner():
    return auth_partner_user(username="owner", partner__organization_name="Owner Ltd")


def login(client, user):
    client.force_login(user)
    return client


def test_the_bell_shows_the_unread_count_on_every_page(client, owner):
    notices_for(owner, 3)
    login(client, owner)

    html = client.get(reverse("dashboard")).content.decode()

    assert 'data-unread-count="3"' in html
    assert ">Notifications<" in html and "item 2" in html


def test_the_bell_costs_one_query(client, owner):
    notices_for(owner, 7)
    login(client, owner)
    client.get(reverse("dashboard"))

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("dashboard"))

    assert len([q for q in queries if "notifications_notification" in q["sql"]]) == 1


def test_the_panel_shows_the_latest_five(client, owner):
    notices_for(owner, 7)
    login(client, owner)

    html = client.get(reverse("dashboard")).content.decode()
    panel = html[html.index("notification-panel"):html.index("See all notifications")]

    assert panel.count("notification-item") == 5
    assert "item 6" in panel and "item 0" not in panel


def test_dismiss_hides_the_notice_and_lowers_the_count(client, owner):
    first, second = notices_for(owner, 2)
    login(client, owner)

    response = client.post(reverse("notifications:dismiss", args=[first.code]), {"next": "/dashboard/"})

    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    first.refresh_from_db()
    assert first.dismissed_at is not None and first.read_at is not None
    html = client.get(reverse("dashboard")).content.decode()
    assert 'data-unread-count="1"' in html
    assert AuditEvent.objects.filter(event="notification_dismissed", details__notification_id=str(first.code),
                                     actor="owner").exists()


def test_mark_all_as_read_clears_the_count(client, owner):
    notices_for(owner, 3)
    login(client, owner)

    response = client.post(reverse("notifications:read_all"), follow=True)

    assert "All notifications are marked as read." in response.content.decode()
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert "data-unread-count" not in response.content.decode()
    assert AuditEvent.objects.get(event="notifications_all_read").details == {"count": 3}


def test_mark_one_as_read(client, owner):
    first, second = notices_for(owner, 2)
    login(client, owner)

    client.post(reverse("notifications:read", args=[first.code]))

    first.refresh_from_db(), second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None


@pytest.mark.parametrize("name", ["notifications:read_all", "notifications:dismiss", "notifications:read"])
def test_actions_change_nothing_on_get(client, owner, name):
    [notice] = notices_for(owner, 1)
    login(client, owner)
    args = [] if name.endswith("read_all") else [notice.code]

    assert client.get(reverse(name, args=args)).status_code == 405
    notice.refresh_from_db()
    assert notice.read_at is None and notice.dismissed_at is None


@pytest.mark.parametrize("name", ["notifications:detail", "notifications:dismiss", "notifications:read"])
def test_another_users_notice_is_not_found(client, owner, bob, name):
    [notice] = notices_for(owner, 1)
    login(client, bob)

    response = client.post(reverse(name, args=[notice.code])) if name != "notifications:detail" else \
        client.get(reverse(name, args=[notice.code]))

    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.dismissed_at is None and notice.read_at is None


def test_an_outside_next_address_is_not_followed(client, owner):
    [notice] = notices_for(owner, 1)
    login(client, owner)

    response = client.post(reverse("notifications:dismiss", args=[notice.code]), {"next": "https://evil.example/"})

    assert response["Location"] == LIST


@pytest.mark.parametrize("target", ["abc", "//evil.example/", "/\\evil.example", "/ok\x00"])
def test_a_next_that_is_not_a_path_of_the_portal_falls_back_to_the_list(client, owner, target):
    notices_for(owner, 1)
    login(client, owner)

    response = client.post(reverse("notifications:read_all"), {"next": target})

    assert response.status_code == 302 and response["Location"] == LIST


def test_a_partner_admin_has_a_tab_per_type_they_can_see(client):
    admin = make_partner_admin(username="admin")
    login(client, admin)

    html = client.get(LIST).content.decode()

    for label in ("Root CA certificates", "Intermediate CA certificates", "Weekly summaries"):
        assert label in html
    assert "API keys</a>" not in html


def test_an_authentication_partner_has_tabs_for_its_certificate_and_keys_only(client, owner):
    login(client, owner)

    html = client.get(LIST).content.decode()

    assert "Partner certificates" in html and "API keys" in html and "Root CA certificates" not in html


def test_a_credential_partner_has_no_api_key_tab(client):
    login(client, make_partner_user(type_code="credential-partner"))

    html = client.get(LIST).content.decode()

    assert "Partner certificates" in html and "?type=api_key" not in html


def test_the_list_filters_by_type_item_and_dates(client, owner):
    notices_for(owner, 3)
    partner_certificate(partner=owner.partner, expires_at=START + dt.timedelta(days=5), uploaded_by=owner,
                        name="the certificate")
    run_at(START + dt.timedelta(hours=1))
    login(client, owner)

    by_type = main_of(client.get(LIST, {"type": "partner_certificate"}))
    by_item = main_of(client.get(LIST, {"item": "item 1"}))
    by_date = main_of(client.get(LIST, {"date_from": "2030-01-08"}))

    assert "“the certificate”" in by_type and "item 1" not in by_type
    assert "item 1" in by_item and "item 2" not in by_item and "“the certificate”" not in by_item
    assert "No notification matches these filters" in by_date


def test_bad_filters_show_errors_not_a_failure(client, owner):
    notices_for(owner, 1)
    login(client, owner)

    response = client.get(LIST, {"date_from": "2030-02-01", "date_to": "2030-01-01", "type": "nonsense"})

    assert response.status_code == 200
    html = main_of(response)
    assert "The end date must not be before the start date." in html
    assert "item 0" in html


def test_the_list_is_paginated_with_constant_queries(client, owner):
    login(client, owner)
    notices_for(owner, 1)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    Notification.objects.all().delete()
    owner.partner.api_keys.all().delete()
    notices_for(owner, 30, days=20)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)

    assert len(one) == len(many)
    assert "Page 1 of 2" in response.content.decode()


def test_a_notice_links_to_its_item_and_to_its_renewal(client, owner):
    key = api_key(partner=owner.partner, expires_at=START + dt.timedelta(days=3), created_by=owner, label="prod")
    run_at(START)
    login(client, owner)

    html = client.get(LIST).content.decode()

    assert f'href="/apikeys/{key.code}/"' in html
    assert 'href="/apikeys/new/"' in html
    assert "Your API key “prod” expires in 3 days" in html


def test_the_weekly_summary_page_lists_its_items(client, owner):
    from notifications import services

    admin = make_partner_admin(username="admin")
    api_key(partner=owner.partner, expires_at=START + dt.timedelta(days=3), created_by=owner, label="prod")
    services.send_weekly_summary(now=START)
    notice = Notification.objects.get(kind=Kind.WEEKLY_SUMMARY)
    login(client, admin)

    html = client.get(reverse("notifications:detail", args=[notice.code])).content.decode()

    assert "prod" in html and "Owner Ltd" in html
    assert reverse("partner_admin:detail", args=[owner.partner.code]) in html


def test_a_notice_is_shown_in_the_language_of_the_session_not_the_users_preference(client):
    owner = auth_partner_user(language="fr")
    api_key(partner=owner.partner, expires_at=START + dt.timedelta(days=3), created_by=owner, label="prod")
    run_at(START)
    login(client, owner)
    client.cookies["pms_language"] = "ar"

    html = main_of(client.get(LIST))

    assert "تنتهي صلاحية مفتاح API الخاص بك «prod» بعد 3 أيام" in html
    assert mail.outbox[0].subject == "[PMS] Votre clé API « prod » expire dans 3 jours"  # the user's preference


def test_a_notice_whose_parameters_are_incomplete_still_renders(client, owner):
    [notice] = notices_for(owner, 1)
    Notification.objects.filter(pk=notice.pk).update(params={"name": "legacy"})
    login(client, owner)

    response = client.get(LIST)

    assert response.status_code == 200 and "“legacy”" in main_of(response)
