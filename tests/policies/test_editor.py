"""The policy form's two editors (PRODUCT.md §4): structured fields merged on the server, raw JSON wins."""

import json

import pytest

from policies import documents
from policies.forms import PolicyForm
from policies.models import PolicyGroup, PolicyType

from . import mosip_documents as mosip
from .factories import PolicyGroupFactory

pytestmark = pytest.mark.django_db


def post_data(form: PolicyForm, **changes) -> dict:
    """What a browser submits for the unchanged form, with some fields changed."""
    data = {}
    editor = form.editor
    for part in [form, editor.settings, editor.rows.management_form, *editor.rows]:
        for bound in part:
            value = bound.value()
            if value is True:
                data[bound.html_name] = "on"
            elif value is not None and value is not False:
                data[bound.html_name] = getattr(value, "code", value)
    data.update(changes)
    return data


def make_form(base, policy_type=PolicyType.AUTH, data=None, group=None):
    group = group or PolicyGroupFactory()
    form = PolicyForm(data, policy_type=policy_type, base=base, groups=PolicyGroup.objects.all(),
                      initial={"group": group, "name": "KYC"})
    return form, group


def submitted(base, policy_type=PolicyType.AUTH, **changes) -> PolicyForm:
    unbound, group = make_form(base, policy_type)
    form, _group = make_form(base, policy_type, data=post_data(unbound, **changes), group=group)
    form.is_valid()
    return form


def test_unchanged_form_keeps_the_document_exactly():
    form = submitted(mosip.LEGACY_AUTH)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["document"] == mosip.LEGACY_AUTH and not form.used_raw_json


def test_reformatted_json_is_not_an_edit():
    form = submitted(mosip.ESIGNET_AUTH, document=json.dumps(mosip.ESIGNET_AUTH))
    assert form.is_valid() and not form.used_raw_json


def test_structured_auth_types_are_merged_and_other_keys_kept():
    # Index 0 is OTP, 3 is bio/FINGER (documents.AUTH_TYPE_OPTIONS).
    form = submitted({**mosip.TEMP_EXTRACTION_AUTH, "customKey": 1},
                     **{"auth-allowed_0": "on", "auth-mandatory_3": "on", "auth-auth_token_type": "random"})
    assert form.is_valid(), form.errors
    document = form.cleaned_data["document"]
    assert document["allowedAuthTypes"] == [{"authType": "otp", "authSubType": "", "mandatory": False},
                                            {"authType": "bio", "authSubType": "FINGER", "mandatory": True}]
    assert (document["authTokenType"], document["customKey"], document["kycLanguages"]) == ("random", 1,
                                                                                            ["ara", "eng"])
    assert document["allowedKycAttributes"] == mosip.TEMP_EXTRACTION_AUTH["allowedKycAttributes"]


def test_structured_kyc_attributes_and_languages_replace_theirs():
    form = submitted(documents.starter_document(PolicyType.AUTH), **{
        "kyc-0-attribute_name": "fullName", "kyc-0-required": "on", "kyc-2-attribute_name": "email",
        "auth-kyc_languages": "eng, fra ,"})
    assert form.is_valid(), form.errors
    document = form.cleaned_data["document"]
    assert document["allowedKycAttributes"] == [{"attributeName": "fullName", "required": True},
                                                {"attributeName": "email", "required": False}]
    assert document["kycLanguages"] == ["eng", "fra"]


def test_raw_json_wins_over_structured_fields():
    raw = {**mosip.RESIDENT_OIDC_AUTH, "authTokenType": "partner"}
    form = submitted(mosip.ESIGNET_AUTH, document=json.dumps(raw), **{"auth-allowed_0": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["document"] == raw and form.used_raw_json


def test_schema_errors_are_shown_at_their_path():
    raw = {**mosip.ESIGNET_AUTH, "allowedAuthTypes": [{"authType": "retina", "mandatory": False}]}
    form = submitted(mosip.ESIGNET_AUTH, document=json.dumps(raw))
    assert not form.is_valid()
    assert [e.path for e in form.document_errors] == ["allowedAuthTypes[0].authType"]
    assert form.errors["document"][0].startswith("allowedAuthTypes[0].authType: Must be one of")


def test_broken_json_is_refused_and_kept_for_correction():
    form = submitted(mosip.ESIGNET_AUTH, document='{"authTokenType": ')
    assert not form.is_valid() and "This is not valid JSON" in form.errors["document"][0]
    assert form["document"].value() == '{"authTokenType": '


def test_empty_document_is_refused():
    form = submitted(mosip.ESIGNET_AUTH, document="   ")
    assert form.errors["document"] == ["Enter the policy document, or keep the one shown."]


def test_datashare_settings_keep_the_documents_number_convention():
    numbers = submitted(mosip.CREDENTIAL_NUMBERS, PolicyType.DATASHARE, **{"ds-valid_for_in_minutes": "60"})
    strings = submitted(mosip.QR_CODE, PolicyType.DATASHARE, **{"ds-valid_for_in_minutes": "60"})
    assert numbers.cleaned_data["document"]["dataSharePolicies"]["validForInMinutes"] == 60
    assert strings.cleaned_data["document"]["dataSharePolicies"]["validForInMinutes"] == "60"


def test_datashare_settings_must_be_whole_numbers():
    form = submitted(mosip.QR_CODE, PolicyType.DATASHARE, **{"ds-transactions_allowed": "two"})
    assert not form.is_valid()
    assert form.editor.settings.errors["transactions_allowed"] == ["Enter a whole number."]
    assert "Correct the structured settings marked below." in form.non_field_errors()


def test_clearing_every_datashare_setting_leaves_shareable_attributes_alone():
    cleared = {f"ds-{field}": "" for field, _key in
               [("type_of_share", 0), ("valid_for_in_minutes", 0), ("transactions_allowed", 0),
                ("encryption_type", 0), ("share_domain", 0), ("source", 0)]}
    form = submitted(mosip.QR_CODE, PolicyType.DATASHARE, **cleared)
    assert form.is_valid(), form.errors
    assert "dataSharePolicies" not in form.cleaned_data["document"]


def test_shareable_attributes_rows_with_default_and_json_sources():
    form = submitted(mosip.RESIDENT, PolicyType.DATASHARE, **{
        "attr-0-attribute_name": "email", "attr-0-encrypted": "on",
        "attr-1-attribute_name": "face", "attr-1-group": "CBEFF", "attr-1-format": "extraction",
        "attr-1-source": '[{"attribute": "individualBiometrics", "filter": [{"type": "Face"}]}]'})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["document"]["shareableAttributes"] == [
        {"attributeName": "email", "source": [{"attribute": "email"}], "encrypted": True},
        {"attributeName": "face", "group": "CBEFF", "format": "extraction", "encrypted": False,
         "source": [{"attribute": "individualBiometrics", "filter": [{"type": "Face"}]}]}]


def test_shareable_attribute_source_must_be_a_json_list():
    form = submitted(mosip.RESIDENT, PolicyType.DATASHARE, **{"attr-0-attribute_name": "email",
                                                             "attr-0-source": "{oops"})
    assert not form.is_valid()
    assert form.editor.rows.errors[0]["source"] == ['Enter a JSON list, e.g. [{"attribute": "fullName"}].']


def test_a_client_posting_only_the_json_does_not_need_the_editor_fields():
    group = PolicyGroupFactory()
    form = PolicyForm({"group": str(group.code), "name": "KYC", "document": json.dumps(mosip.LEGACY_AUTH)},
                      policy_type=PolicyType.AUTH, base=mosip.LEGACY_AUTH, groups=PolicyGroup.objects.all())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["document"] == mosip.LEGACY_AUTH
