import pytest

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_profile_shows_partner_id_type_and_contact_details(alice_client, alice):
    html = alice_client.get("/account/profile/").content.decode()
    for text in [alice.partner.partner_id, "Authentication Partner", "Alice Auth Ltd", "alice@example.org",
                 "+33123456789"]:
        assert text in html


def test_top_bar_shows_organization_and_username_with_profile_and_logout(alice_client):
    html = alice_client.get("/dashboard/").content.decode()
    assert 'class="org-name">Alice Auth Ltd<' in html and 'class="username">alice<' in html
    assert 'href="/account/profile/"' in html and 'action="/accounts/logout/"' in html


def test_partner_updates_contact_details(alice_client, alice):
    response = alice_client.post("/account/profile/", {
        "first_name": "Alicia", "last_name": "Stone", "address": "2 New Road", "phone_number": "+44 20 7946 0958"})
    assert response.status_code == 302
    alice.refresh_from_db()
    alice.partner.refresh_from_db()
    assert (alice.first_name, alice.partner.address, alice.partner.phone_number) == (
        "Alicia", "2 New Road", "+442079460958")
    assert set(AuditEvent.objects.get(event="profile_updated").details["fields"]) == {
        "first_name", "last_name", "address", "phone_number"}


def test_invalid_phone_on_profile_is_refused_and_nothing_changes(alice_client, alice):
    response = alice_client.post("/account/profile/", {
        "first_name": "Alicia", "last_name": "Stone", "address": "2 New Road", "phone_number": "abc"})
    assert response.status_code == 200
    assert "international format" in response.content.decode()
    alice.refresh_from_db()
    assert alice.first_name == "Test" and not AuditEvent.objects.filter(event="profile_updated").exists()


def test_partner_id_does_not_change_when_profile_changes(alice_client, alice):
    before = alice.partner.partner_id
    alice_client.post("/account/profile/", {
        "first_name": "A", "last_name": "B", "address": "C", "phone_number": "+33123456789"})
    alice.partner.refresh_from_db()
    assert alice.partner.partner_id == before


def test_staff_profile_has_no_organization_fields(dave_client):
    response = dave_client.get("/account/profile/")
    assert "phone_number" not in response.context["form"].fields
    assert "Partner admin" in response.content.decode()
