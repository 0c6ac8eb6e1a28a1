"""The mapping rules one by one (mosip_import/mapping.py; README "Migrating from MOSIP PMS")."""

from datetime import datetime

import pytest

from mosip_import import mapping
from mosip_import.importers.certificates import roots_first


@pytest.mark.parametrize(("mosip", "ours"), [
    ("Auth_Partner", "auth-partner"), ("Credential_Partner", "credential-partner"),
    ("Device_Provider", "device-provider"), ("FTM_Provider", "ftm-provider"),
    ("Online_Verification_Partner", "auth-partner"), ("ABIS_Partner", None), ("Partner_Admin", None)])
def test_partner_types_map_to_the_seeded_ones(mosip, ours):
    assert mapping.partner_type_code(mosip) == ours


def test_a_type_without_equivalent_gets_a_code_and_a_free_prefix():
    assert mapping.new_type_code("ABIS_Partner") == "mosip-abis-partner"
    assert mapping.new_type_prefix("ABIS_Partner", {"AP", "CP"}) == "AP1"
    assert mapping.new_type_prefix("Manual_Adjudication", set()) == "MA"


@pytest.mark.parametrize(("active", "schema", "status"), [
    (True, "https://schemas.mosip.io/v1/auth-policy", "published"), (False, None, "draft"),
    (False, "https://schemas.mosip.io/v1/auth-policy", "deactivated"), (True, None, "published")])
def test_policy_status_follows_how_mosip_publishes(active, schema, status):
    assert mapping.policy_status(is_active=active, policy_schema=schema) == status


@pytest.mark.parametrize(("mosip", "ours"), [("Auth", "auth"), ("DataShare", "datashare"), ("MISP", None)])
def test_policy_types(mosip, ours):
    assert mapping.policy_type(mosip) == ours


def test_a_document_that_is_not_json_is_kept_as_text():
    assert mapping.policy_document('{"a": 1}') == {"a": 1}
    assert mapping.policy_document("{not json") == "{not json"


@pytest.mark.parametrize(("code", "language"), [("eng", "en"), ("fra", "fr"), ("ara", "ar"), ("hin", None),
                                                (None, None)])
def test_languages(code, language):
    assert mapping.language(code) == language


@pytest.mark.parametrize(("status", "ours"), [("approved", "approved"), ("rejected", "rejected"),
                                              ("InProgress", "in_progress"), ("weird", None)])
def test_request_statuses(status, ours):
    assert mapping.request_status(status) == ours


CREATED = datetime(2024, 3, 9, 10, 0)


@pytest.mark.parametrize(("label", "expected"), [
    ("482913", ("MOSIP 2024-03-09", True)),            # MOSIP's upgrade script copied the key into the label
    ("key 482913 prod", ("MOSIP 2024-03-09", True)),
    ("", ("MOSIP 2024-03-09", True)), (None, ("MOSIP 2024-03-09", True)),
    ("  Production  ", ("Production", False)), ("x" * 40, ("x" * 36, False))])
def test_a_label_never_carries_the_key(label, expected):
    assert mapping.key_label(label=label, key="482913", created=CREATED) == expected


def test_labels_are_made_unique_among_the_partners_active_keys():
    assert mapping.unique_label("Production", {"production"}) == "Production (2)"
    assert mapping.unique_label("Production", {"production", "production (2)"}) == "Production (3)"
    assert len(mapping.unique_label("y" * 36, {"y" * 36})) == 36


def test_comma_lists_and_client_status():
    assert mapping.comma_list("https://a/cb, https://b/cb,,") == ["https://a/cb", "https://b/cb"]
    assert mapping.client_status("ACTIVE") == "active" and mapping.client_status("INACTIVE") == "deactivated"


def test_ca_certificates_are_ordered_issuer_first():
    rows = [{"cert_id": "leaf-ca", "issuer_id": "int"}, {"cert_id": "int", "issuer_id": "root"},
            {"cert_id": "root", "issuer_id": "root"}, {"cert_id": "stray", "issuer_id": "unknown"}]
    assert [r["cert_id"] for r in roots_first(rows)] == ["root", "int", "leaf-ca", "stray"]


@pytest.mark.parametrize(("status", "active", "ours"), [
    ("approved", True, "approved"), ("approved", False, "deactivated"), ("pending_approval", False, "pending"),
    ("rejected", False, "rejected"), ("deactivated", False, "deactivated"), ("odd", True, None)])
def test_approval_statuses_of_sbis_and_devices(status, active, ours):
    assert mapping.approval_status(status, is_active=active) == ours


@pytest.mark.parametrize(("status", "active", "ours"), [
    ("pending_cert_upload", False, "pending_certificate"), ("pending_approval", False, "pending_approval"),
    ("approved", True, "approved"), ("approved", False, "deactivated")])
def test_chip_statuses(status, active, ours):
    assert mapping.chip_status(status, is_active=active) == ours


def test_binary_hashes_typed_as_text_stay_text_and_other_bytes_become_hex():
    assert mapping.binary_hash(b"9a8b7c6d") == "9a8b7c6d"
    assert mapping.binary_hash(memoryview(b"\x12\x34\xab")) == "1234ab"
    assert mapping.binary_hash(b"has space") == "686173207370616365"
