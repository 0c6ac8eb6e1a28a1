"""Passwords have a maximum length (PMS_PASSWORD_MAX_LENGTH), checked before anything is hashed."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import MD5PasswordHasher

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
TOO_LONG = "x" * 1025


class CountingHasher(MD5PasswordHasher):
    """The test hasher, counting how often a password is hashed."""

    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


@pytest.fixture
def hashes(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.calls = 0
    return CountingHasher


def test_login_refuses_a_too_long_password_without_hashing_it(client, alice, hashes):
    response = client.post("/accounts/login/", {"login": "alice", "password": TOO_LONG})

    assert response.status_code == 200
    assert "Ensure this value has at most 1024 characters (it has 1025)." in response.content.decode()
    assert hashes.calls == 0


def test_a_login_attempt_of_allowed_length_is_hashed(client, alice, hashes):
    client.post("/accounts/login/", {"login": "alice", "password": "x" * 1024})

    assert hashes.calls >= 1  # the counter sees hashing, so the test above can fail


def test_the_backend_refuses_a_too_long_password_for_any_caller(alice, hashes):
    assert authenticate(username="alice", password=TOO_LONG) is None
    assert authenticate(username="nobody", password=TOO_LONG) is None
    assert hashes.calls == 0
    assert authenticate(username="alice", password=PASSWORD) == alice


def test_a_new_password_longer_than_the_limit_is_refused_at_sign_up(client):
    from partners.models import PartnerType

    response = client.post("/accounts/signup/", {
        "first_name": "Ann", "last_name": "Lee", "organization_name": "Org", "address": "1 Street",
        "partner_type": PartnerType.objects.get(code="auth-partner").pk, "email": "ann@example.org",
        "phone_number": "+33123456789", "username": "ann", "password1": TOO_LONG, "password2": TOO_LONG,
        "language": "en", "accept_terms": "on"})

    assert "Ensure this value has at most 1024 characters (it has 1025)." in response.content.decode()


def test_the_password_validator_states_the_limit():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        validate_password(TOO_LONG)

    assert "Your password can have at most 1024 characters." in refused.value.messages
    validate_password("a-sane-passphrase-of-several-words")


def test_changing_the_password_refuses_a_too_long_current_password(alice_client, hashes):
    response = alice_client.post("/accounts/password/change/", {
        "oldpassword": TOO_LONG, "password1": "another-good-passphrase", "password2": "another-good-passphrase"})

    assert "Ensure this value has at most 1024 characters (it has 1025)." in response.content.decode()
    assert hashes.calls == 0
