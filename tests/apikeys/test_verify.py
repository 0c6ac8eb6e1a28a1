import datetime as dt
import json

import pytest

from apikeys import services
from audit.models import AuditEvent
from partners.services import deactivate_partner
from policies.services import linking

from .factories import AUTH_DOCUMENT, approved_link

pytestmark = pytest.mark.django_db
URL = "/api/v1/apikeys/verify"


@pytest.fixture
def issued(alice):
    link = approved_link(alice.partner, policy_name="eKYC policy")
    key, plaintext = services.generate_api_key(partner=alice.partner, link=link, label="prod", actor=alice)
    return key, plaintext


def verify(client, body):
    return client.post(URL, json.dumps(body), content_type="application/json")


def test_good_key_is_valid_with_partner_and_policy(client, alice, issued):
    key, plaintext = issued
    response = verify(client, {"apiKey": plaintext})
    assert response.status_code == 200
    assert response.json() == {
        "valid": True, "partnerId": alice.partner.partner_id, "label": key.label, "policyId": str(key.link.policy.code),
        "policyName": "eKYC policy", "policy": AUTH_DOCUMENT, "expiresAt": key.expires_at.isoformat()}


def test_good_key_with_its_partner_id_is_valid(client, alice, issued):
    assert verify(client, {"apiKey": issued[1], "partnerId": alice.partner.partner_id}).json()["valid"]


def test_key_with_another_partner_id_is_invalid(client, issued):
    assert verify(client, {"apiKey": issued[1], "partnerId": "AP-OTHER1"}).json() == {"valid": False}


@pytest.mark.parametrize("candidate", ["", "nonsense", "pms_abcdefghij_" + "A" * 43, "x" * 59])
def test_unknown_keys_get_the_same_uniform_answer(client, issued, candidate):
    response = verify(client, {"apiKey": candidate})
    assert response.status_code == 200 and response.json() == {"valid": False}


def test_tampered_secret_of_a_real_key_is_invalid(client, issued):
    plaintext = issued[1]
    tampered = plaintext[:-1] + ("A" if plaintext[-1] != "A" else "B")
    assert verify(client, {"apiKey": tampered}).json() == {"valid": False}


def test_deactivated_key_is_invalid(client, alice, issued):
    services.deactivate_api_key(key=issued[0], actor=alice)
    assert verify(client, {"apiKey": issued[1]}).json() == {"valid": False}


def test_expired_key_is_invalid_even_before_the_job_runs(client, issued):
    key = issued[0]
    key.expires_at = key.created_at - dt.timedelta(seconds=1)
    key.save(update_fields=["expires_at"])
    assert verify(client, {"apiKey": issued[1]}).json() == {"valid": False}


def test_key_of_a_deactivated_partner_is_invalid_at_once(client, alice, dave, issued):
    deactivate_partner(partner=alice.partner, actor=dave)
    assert verify(client, {"apiKey": issued[1]}).json() == {"valid": False}


def test_key_of_a_deactivated_link_is_invalid_at_once(client, dave, issued):
    linking.deactivate_link(link=issued[0].link, actor=dave)
    assert verify(client, {"apiKey": issued[1]}).json() == {"valid": False}


def test_key_of_a_deactivated_policy_is_invalid(client, dave, issued):
    policy = issued[0].link.policy
    policy.status = "deactivated"
    policy.save(update_fields=["status"])
    assert verify(client, {"apiKey": issued[1]}).json() == {"valid": False}


def test_every_verification_is_audited_with_the_reason_kept_internal(client, alice, issued):
    verify(client, {"apiKey": issued[1]})
    services.deactivate_api_key(key=issued[0], actor=alice)
    verify(client, {"apiKey": issued[1]})
    events = list(AuditEvent.objects.filter(event="api_key_verified").order_by("pk"))
    assert [(e.outcome, e.details["reason"]) for e in events] == [("success", ""), ("failure", "key_deactivated")]
    assert all(issued[1] not in json.dumps(e.details) for e in events)


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"key": "x"}', b'{"apiKey": 5}'])
def test_malformed_requests_are_bad_requests(client, body):
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 400 and response.json()["valid"] is False


def test_only_post_is_allowed(client):
    assert client.get(URL).status_code == 405


def test_verification_needs_no_csrf_token(issued):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(URL, json.dumps({"apiKey": issued[1]}), content_type="application/json")
    assert response.status_code == 200 and response.json()["valid"]


def test_other_pages_still_need_a_csrf_token(alice):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    assert strict.post("/account/profile/", {}).status_code == 403


def test_verification_is_rate_limited_per_client(client, issued, settings):
    import time_machine

    settings.PMS_VERIFY_RATE_LIMIT = "3/m"
    # The limiter counts per minute: stand still inside one minute, so that a slow run never straddles two.
    with time_machine.travel(dt.datetime(2030, 1, 1, 12, 0, 5, tzinfo=dt.UTC), tick=False):
        answers = [verify(client, {"apiKey": issued[1]}).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]


def test_service_token_is_required_when_configured(client, issued, settings):
    settings.PMS_VERIFY_API_TOKEN = "s3rvice-token"
    assert verify(client, {"apiKey": issued[1]}).status_code == 401
    response = client.post(URL, json.dumps({"apiKey": issued[1]}), content_type="application/json",
                           HTTP_AUTHORIZATION="Bearer s3rvice-token")
    assert response.json()["valid"]
