import pytest
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)

from audit.models import AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def activate_totp(client) -> str:
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})  # allauth asks before changing factors
    client.get("/accounts/2fa/totp/activate/")
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302, response.content.decode()
    assert not response["Location"].startswith("/accounts/reauthenticate/"), response["Location"]
    return secret


def test_profile_links_to_two_factor_authentication(alice_client):
    assert 'href="/accounts/2fa/"' in alice_client.get("/account/profile/").content.decode()


def test_partner_turns_on_an_authenticator_app_and_it_is_audited(alice_client, alice,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals after the commit
        activate_totp(alice_client)
    assert alice.authenticator_set.filter(type="totp").exists()
    assert AuditEvent.objects.filter(event="second_factor_added", details__type="totp", actor="alice").exists()


def test_login_then_asks_for_the_code(alice_client, client):
    secret = activate_totp(alice_client)
    alice_client.logout()
    response = alice_client.post("/accounts/login/", {"login": "alice", "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert alice_client.get("/dashboard/").status_code == 302  # not logged in before the code
    response = alice_client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 302 and alice_client.get("/dashboard/").status_code == 200


def test_wrong_code_keeps_the_partner_out(alice_client):
    activate_totp(alice_client)
    alice_client.logout()
    alice_client.post("/accounts/login/", {"login": "alice", "password": PASSWORD})
    response = alice_client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200 and "Incorrect code." in response.content.decode()
    assert alice_client.get("/dashboard/").status_code == 302

