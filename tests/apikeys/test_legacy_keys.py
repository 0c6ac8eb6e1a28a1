"""Legacy keys (imported from MOSIP PMS): found by their keyed hash, verified in constant time, shown as legacy."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from apikeys import keys
from apikeys.models import ApiKey

from .factories import approved_link

pytestmark = pytest.mark.django_db
URL = "/api/v1/apikeys/verify"


@pytest.fixture
def legacy(alice):
    link = approved_link(alice.partner, policy_name="eKYC policy")
    return ApiKey.objects.create(partner=alice.partner, link=link, label="MOSIP 2024-03-09", legacy=True,
                                 public_id=keys.new_key().public_id, key_hash=keys.key_hash("482913"),
                                 expires_at=timezone.now() + timedelta(days=90))


def verify(client, key, **extra):
    return client.post(URL, json.dumps({"apiKey": key, **extra}), content_type="application/json").json()


def test_a_legacy_key_verifies_by_its_value(client, alice, legacy):
    answer = verify(client, "482913", partnerId=alice.partner.partner_id)
    assert answer["valid"] and answer["policyName"] == "eKYC policy"


@pytest.mark.parametrize("candidate", ["482914", "48291", "0482913", " 482913", ""])
def test_any_other_value_is_invalid(client, legacy, candidate):
    assert verify(client, candidate) == {"valid": False}


def test_a_portal_key_with_the_same_hash_field_is_not_found_as_legacy(client, legacy):
    legacy.legacy = False
    legacy.save(update_fields=["legacy"])
    assert verify(client, "482913") == {"valid": False}


def test_a_legacy_key_stops_verifying_when_it_expires(client, legacy):
    legacy.expires_at = timezone.now() - timedelta(seconds=1)
    legacy.save(update_fields=["expires_at"])
    assert verify(client, "482913") == {"valid": False}


def test_key_list_warns_about_legacy_keys_with_their_expiry(alice_client, legacy):
    page = alice_client.get("/apikeys/").content.decode()
    assert "imported from MOSIP PMS" in page and "Legacy (MOSIP), rotate" in page


def test_key_detail_says_when_the_legacy_key_stops_working(alice_client, legacy):
    page = alice_client.get(f"/apikeys/{legacy.code}/").content.decode()
    assert "stops working on" in page and legacy.prefix not in page


@pytest.mark.parametrize(("language", "word"), [("fr", "importées"), ("ar", "MOSIP")])
def test_legacy_warning_is_translated(alice_client, legacy, language, word):
    alice_client.cookies["pms_language"] = language
    page = alice_client.get("/apikeys/").content.decode()
    assert "imported from MOSIP PMS" not in page and word in page


def test_partner_admin_sees_which_keys_of_a_partner_are_legacy(dave_client, alice, legacy):
    page = dave_client.get(f"/partners/{alice.partner.code}/").content.decode()
    assert "Legacy (MOSIP), rotate" in page and "MOSIP 2024-03-09" in page
