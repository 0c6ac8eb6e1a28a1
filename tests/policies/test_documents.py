"""The JSON Schemas of policy documents (PRODUCT.md §4): what MOSIP deployments use passes; mistakes are
reported at their JSON path."""

import copy

import pytest

from policies import documents
from policies.models import PolicyType

from . import mosip_documents as mosip


def errors(policy_type, document) -> dict[str, str]:
    return {error.path: error.message for error in documents.validate(policy_type, document)}


def changed(document, change):
    document = copy.deepcopy(document)
    change(document)
    return document


@pytest.mark.parametrize("name", list(mosip.AUTH_DOCUMENTS))
def test_authentication_documents_used_by_mosip_deployments_are_valid(name):
    assert errors(PolicyType.AUTH, mosip.AUTH_DOCUMENTS[name]) == {}


@pytest.mark.parametrize("name", list(mosip.DATASHARE_DOCUMENTS))
def test_datashare_documents_used_by_mosip_deployments_are_valid(name):
    assert errors(PolicyType.DATASHARE, mosip.DATASHARE_DOCUMENTS[name]) == {}


def test_starter_documents_are_valid_for_their_type():
    for policy_type in PolicyType.values:
        assert errors(policy_type, documents.starter_document(policy_type)) == {}


def test_unknown_auth_type_is_refused_at_its_path():
    document = changed(mosip.ESIGNET_AUTH, lambda d: d["allowedAuthTypes"][2].update(authType="password"))
    assert errors(PolicyType.AUTH, document) == {
        "allowedAuthTypes[2].authType":
            'Must be one of: "otp", "otp-request", "demo", "bio", "kyc", "kycauth", "kycexchange", "wla".'}


def test_unknown_token_type_is_refused():
    document = changed(mosip.ESIGNET_AUTH, lambda d: d.update(authTokenType="policyGroup"))
    assert errors(PolicyType.AUTH,
                  document) == {"authTokenType": 'Must be one of: "random", "partner", "policy".'}


def test_biometric_auth_type_needs_a_known_sub_type():
    document = changed(mosip.LEGACY_AUTH, lambda d: d["allowedAuthTypes"].extend([
        {"authType": "bio", "authSubType": "PALM", "mandatory": False}, {"authType": "bio",
                                                                         "mandatory": False}]))
    assert errors(PolicyType.AUTH, document) == {
        "allowedAuthTypes[3].authSubType": 'Must be one of: "FINGER", "IRIS", "FACE".',
        "allowedAuthTypes[4].authSubType": "This key is required."}


def test_wrong_types_are_refused_with_the_expected_type():
    document = changed(mosip.LEGACY_AUTH, lambda d: (
        d["allowedAuthTypes"][0].update(mandatory="yes"), d["allowedKycAttributes"][0].update(required=1),
        d.update(kycLanguages="eng")))
    assert errors(PolicyType.AUTH, document) == {
        "allowedAuthTypes[0].mandatory": "Must be true or false.",
        "allowedKycAttributes[0].required": "Must be true or false.",
        "kycLanguages": "Must be a list."}


def test_missing_required_keys_are_reported_at_the_missing_key():
    document = changed(mosip.ESIGNET_AUTH, lambda d: (d.pop("authTokenType"),
                                                      d["allowedKycAttributes"][1].pop(
        "attributeName"), d["allowedAuthTypes"][0].pop("mandatory")))
    assert errors(PolicyType.AUTH, document) == {
        "authTokenType": "This key is required.",
        "allowedKycAttributes[1].attributeName": "This key is required.",
        "allowedAuthTypes[0].mandatory": "This key is required."}


def test_unknown_key_inside_an_auth_type_is_refused():
    document = changed(mosip.ESIGNET_AUTH, lambda d: d["allowedAuthTypes"][0].update(level=2))
    assert errors(PolicyType.AUTH, document) == {"allowedAuthTypes[0].level": "Unknown key."}


def test_a_datashare_document_is_not_an_authentication_policy():
    assert set(errors(PolicyType.AUTH, mosip.QR_CODE)) == {"authTokenType", "allowedAuthTypes",
                                                           "allowedKycAttributes"}


def test_an_authentication_document_is_not_a_datashare_policy():
    assert errors(PolicyType.DATASHARE,
                  mosip.ESIGNET_AUTH) == {"shareableAttributes": "This key is required."}


@pytest.mark.parametrize("value", ["30 minutes", 2.5, True, None])
def test_datashare_numbers_must_be_whole_numbers_or_digit_strings(value):
    document = changed(mosip.QR_CODE, lambda d: d["dataSharePolicies"].update(validForInMinutes=value))
    assert errors(PolicyType.DATASHARE, document) == {
        "dataSharePolicies.validForInMinutes": "Must be a whole number (a number or a string of digits)."}


def test_datashare_settings_need_their_required_keys():
    document = changed(mosip.ABIS, lambda d: (d["dataSharePolicies"].pop("encryptionType"),
                                              d["dataSharePolicies"].pop("source")))
    assert errors(PolicyType.DATASHARE, document) == {
        "dataSharePolicies.encryptionType": "This key is required.",
        "dataSharePolicies.source": "This key is required."}


def test_shareable_attribute_errors_are_reported_deep_in_the_document():
    document = changed(mosip.QR_CODE, lambda d: (
        d["shareableAttributes"][2]["source"][0]["filter"].append({"subType": "Left Thumb"}),
        d["shareableAttributes"][0].update(encrypted="no"),
        d["shareableAttributes"][1]["source"][0].pop("attribute")))
    assert errors(PolicyType.DATASHARE, document) == {
        "shareableAttributes[0].encrypted": "Must be true or false.",
        "shareableAttributes[1].source[0].attribute": "This key is required.",
        "shareableAttributes[2].source[0].filter[2]":
            "A filter names either a language or a biometric type (with optional subType).",
    }


def test_a_document_that_is_not_an_object_is_refused_at_the_root():
    found = documents.validate(PolicyType.DATASHARE, ["shareableAttributes"])
    assert [(e.path, e.message, str(e)) for e in found] == [("", "Must be an object.",
                                                             "(document): Must be an object.")]


def test_json_paths_use_brackets_for_list_items():
    assert documents.json_path(["allowedAuthTypes", 0, "authType"]) == "allowedAuthTypes[0].authType"
    assert documents.json_path([3]) == "[3]"


def test_text_that_is_not_json_says_where_it_breaks():
    value, error = documents.parse('{"authTokenType": "partner",\n "allowedAuthTypes": [}')
    assert value is None and "line 2, column" in error.message


def test_too_long_and_too_deep_documents_are_refused_without_crashing():
    assert "too long" in documents.parse("[" * (documents.MAX_DOCUMENT_CHARS + 1))[1].message
    assert documents.parse("[" * 50_000 + "]" * 50_000)[1] is not None
