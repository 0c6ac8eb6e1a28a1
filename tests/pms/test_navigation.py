"""The side navigation, rendered once per language, feature set and active item and then reused (issue 12):
each user still sees exactly their own features, in their language, with the current page marked."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_partner_admin, make_policy_manager

pytestmark = pytest.mark.django_db


def nav_of(html: str) -> str:
    start = html.index('<nav class="sidebar')
    return html[start:html.index("</nav>", start)]


def test_a_policy_manager_after_a_partner_admin_sees_only_their_own_features(client):
    client.force_login(make_partner_admin(username="admin1"))
    assert 'href="/audit/"' in nav_of(client.get("/dashboard/").content.decode())

    client.force_login(make_policy_manager(username="manager1"))
    nav = nav_of(client.get("/dashboard/").content.decode())

    assert 'href="/audit/"' not in nav and 'href="/partners/"' not in nav
    assert 'href="/policies/catalog/"' in nav


def test_a_revoked_role_leaves_the_navigation_on_the_next_page(client):
    admin = make_partner_admin(username="admin2")
    client.force_login(admin)
    assert 'href="/audit/"' in nav_of(client.get("/dashboard/").content.decode())

    admin.groups.clear()

    assert 'href="/audit/"' not in nav_of(client.get("/dashboard/").content.decode())


def test_the_navigation_follows_the_language(client):
    client.force_login(make_partner_admin(username="admin3"))
    assert "Audit trail" in nav_of(client.get("/dashboard/").content.decode())

    client.cookies["pms_language"] = "fr"
    nav = nav_of(client.get("/dashboard/").content.decode())

    assert "Audit trail" not in nav and "Tableau de bord" in nav


def test_the_current_section_is_marked(client):
    client.force_login(make_partner_admin(username="admin4"))
    nav = nav_of(client.get("/audit/").content.decode())

    assert 'active" aria-current="page" href="/audit/"' in nav
    assert nav.count('aria-current="page"') == 1


def test_staff_permissions_cost_one_query(client):
    client.force_login(make_partner_admin(username="admin5"))
    client.get("/dashboard/")

    with CaptureQueriesContext(connection) as queries:
        client.get("/dashboard/")

    assert len([q for q in queries if "auth_permission" in q["sql"]]) == 1


def test_every_tab_of_a_feature_marks_its_item(client):
    client.force_login(make_partner_admin(username="admin6"))
    nav = nav_of(client.get(reverse("devices:review_device_list")).content.decode())

    assert f'active" aria-current="page" href="{reverse("devices:review_sbi_list")}"' in nav
    assert nav.count('aria-current="page"') == 1
