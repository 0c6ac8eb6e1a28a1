import re

import pytest
from django.core import mail

from audit.models import AuditEvent
from partners import services
from tests.factories import PASSWORD, make_partner_admin, make_partner_user

pytestmark = pytest.mark.django_db


def login(client, login, password=PASSWORD):
    return client.post("/accounts/login/", {"login": login, "password": password})


def test_partner_logs_in_with_username(client, alice):
    response = login(client, "alice")
    assert response.status_code == 302 and response["Location"] == "/dashboard/"


def test_partner_logs_in_with_email_in_any_letter_case(client, alice):
    response = login(client, "ALICE@Example.org")
    assert response.status_code == 302


def test_wrong_password_is_refused_and_audited_as_a_failure(client, alice):
    response = login(client, "alice", "wrong-password")
    assert response.status_code == 200
    assert "The username and/or password you specified are not correct." in response.content.decode()
    event = AuditEvent.objects.get(event="login_failed")
    assert (event.actor, event.outcome, event.details) == ("alice", "failure", {"login": "alice"})


def test_successful_login_is_audited(client, alice):
    login(client, "alice")
    event = AuditEvent.objects.get(event="login_succeeded")
    assert (event.actor, event.actor_id, event.outcome) == ("alice", alice.pk, "success")
    assert event.request_id and event.client_ip == "127.0.0.1"


def test_deactivated_partner_cannot_log_in(client, alice, dave):
    services.deactivate_partner(partner=alice.partner, actor=dave)
    response = login(client, "alice")
    assert response.status_code == 302 and response["Location"] == "/accounts/inactive/"
    assert "This account has been deactivated" in client.get("/accounts/inactive/").content.decode()
    assert "_auth_user_id" not in client.session


def test_deactivating_a_partner_ends_its_open_sessions(alice_client, alice, dave):
    services.deactivate_partner(partner=alice.partner, actor=dave)
    response = alice_client.get("/dashboard/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_repeated_failures_are_rate_limited(client, alice):
    for _ in range(5):
        login(client, "alice", "wrong-password")
    response = login(client, "alice")  # even the right password is refused for a while
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_logout_ends_the_session_and_is_audited(alice_client):
    response = alice_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert alice_client.get("/dashboard/").status_code == 302
    assert AuditEvent.objects.filter(event="logout", actor="alice").exists()


def test_forgotten_password_is_reset_through_the_emailed_link(client, alice):
    client.post("/accounts/password/reset/", {"email": "alice@example.org"})
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.org"]
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"password1": "brand-New-passphrase", "password2": "brand-New-passphrase"})
    assert response.status_code == 302
    assert login(client, "alice", "brand-New-passphrase").status_code == 302


def test_password_reset_email_is_in_the_users_language(client):
    make_partner_user(username="farid", email="farid@example.org", language="fr")
    client.cookies["pms_language"] = "fr"
    client.post("/accounts/password/reset/", {"email": "farid@example.org"})
    assert "mot de passe" in mail.outbox[0].body.lower()


def test_pages_need_login(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/dashboard/"


def test_admin_logs_in_and_sees_the_dashboard(client):
    make_partner_admin(username="root-admin")
    assert login(client, "root-admin").status_code == 302
    assert client.get("/dashboard/").status_code == 200
