"""List rows kept per content (pms/rows.py, issue 12): a changed row is rendered anew, and a row is only ever
served for the very same data."""

import pytest

from partners.models import Partner
from pms.rows import state
from tests.factories import make_partner_admin, make_partner_user

pytestmark = pytest.mark.django_db


def _list(client) -> str:
    return client.get("/partners/").content.decode()


def test_a_renamed_partner_shows_its_new_name_at_once(client):
    partner = make_partner_user(partner__organization_name="Old Name Ltd").partner
    client.force_login(make_partner_admin(username="admin"))
    assert "Old Name Ltd" in _list(client)

    Partner.objects.filter(pk=partner.pk).update(organization_name="New Name Ltd")

    html = _list(client)
    assert "New Name Ltd" in html and "Old Name Ltd" not in html


def test_a_partners_new_first_user_email_shows_at_once(client):
    user = make_partner_user(email="first@example.org")
    client.force_login(make_partner_admin(username="admin"))
    assert "first@example.org" in _list(client)

    type(user).objects.filter(pk=user.pk).update(email="changed@example.org")

    assert "changed@example.org" in _list(client)


def test_rows_follow_the_language(client):
    make_partner_user()
    client.force_login(make_partner_admin(username="admin"))
    assert ">Active<" in _list(client)
    client.cookies["pms_language"] = "fr"

    assert ">Active<" not in _list(client)


def test_the_state_of_two_rows_differs_when_any_loaded_value_differs():
    one = make_partner_user(partner__organization_name="Same").partner
    two = Partner.objects.get(pk=one.pk)
    assert state(Partner.objects.get(pk=one.pk)) == state(two)

    two.phone_number = "+33 1 00 00 00 00"

    assert state(Partner.objects.get(pk=one.pk)) != state(two)
