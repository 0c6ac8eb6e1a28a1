"""Values stored before the input rules existed still render everywhere, and `check_stored_data` finds them."""

import io

import pytest
from django.core.management import CommandError, call_command

from apikeys import services as credentials
from partners.models import Partner
from policies.models import Policy, PolicyLink
from tests.apikeys.factories import approved_link

pytestmark = pytest.mark.django_db


def _nested(depth: int) -> list:
    value: list = ["deep"]
    for _ in range(depth - 1):
        value = [value]
    return value


BAD_DOCUMENTS = {
    "control characters": {"authTokenType": "partner", "allowedKycAttributes": [{"attributeName": "full\x1bName"}]},
    "direction override": {"authTokenType": "partner", "kycLanguages": ["\u202eeng"]},
    "nested far too deeply": {"authTokenType": "partner", "x": _nested(500)},
    "huge integer": {"authTokenType": "partner", "x": 10 ** 200},
}


@pytest.fixture
def link(alice):
    return approved_link(alice.partner, policy_name="Stored before the rules")


def _store(link, document) -> Policy:
    Policy.objects.filter(pk=link.policy_id).update(document=document)  # as an old version could have saved it
    return Policy.objects.get(pk=link.policy_id)


@pytest.mark.parametrize("kind", list(BAD_DOCUMENTS))
def test_a_bad_stored_document_still_renders_on_every_page(kind, link, alice, alice_client, dave_client):
    policy = _store(link, BAD_DOCUMENTS[kind])
    draft = Policy.objects.create(group=policy.group, name="Draft copy", policy_type="auth", status="draft",
                                  document=BAD_DOCUMENTS[kind])
    pages = [(dave_client, f"/policies/catalog/{policy.code}/"), (dave_client, f"/policies/links/{link.code}/"),
             (dave_client, f"/policies/catalog/{policy.code}/document.json"),
             (dave_client, f"/policies/catalog/{draft.code}/edit/"), (alice_client, f"/policies/requests/{link.code}/")]
    for client, path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        response.content.decode("utf-8")


def test_the_verify_api_still_answers_for_a_policy_with_a_bad_stored_document(client, link, alice):
    _store(link, BAD_DOCUMENTS["control characters"])
    _key, plaintext = credentials.generate_api_key(partner=alice.partner, link=link, label="k", actor=alice)

    response = client.post("/api/v1/apikeys/verify", {"apiKey": plaintext}, content_type="application/json")

    assert response.status_code == 200 and response.json()["valid"]


def test_bad_stored_text_still_renders(alice, alice_client):
    Partner.objects.filter(pk=alice.partner_id).update(organization_name="Evil\u202e Corp\x07", address="a\x1bb")

    assert alice_client.get("/account/profile/").status_code == 200


def test_check_stored_data_reports_each_bad_value(link, alice):
    _store(link, BAD_DOCUMENTS["nested far too deeply"])
    Partner.objects.filter(pk=alice.partner_id).update(organization_name="Evil\u202e Corp")
    PolicyLink.objects.filter(pk=link.pk).update(purpose="line one\nline two")
    out = io.StringIO()

    with pytest.raises(CommandError, match=r"3 stored value\(s\) break the portal's input rules"):
        call_command("check_stored_data", stdout=out)

    lines = out.getvalue().splitlines()
    assert f"policies.Policy pk={link.policy_id} document: json_too_deep: The JSON is nested too deeply: at most " \
           f"64 levels." in lines
    assert f"partners.Partner pk={alice.partner_id} organization_name: direction_overrides: This text contains " \
           f"invisible characters that change the direction of the text; remove them." in lines
    assert f"policies.PolicyLink pk={link.pk} purpose: line_breaks: This text must fit on one line: remove the " \
           f"line breaks and tabs." in lines


def test_check_stored_data_passes_when_everything_is_clean(link):
    out = io.StringIO()

    call_command("check_stored_data", stdout=out)

    assert "No bad values in" in out.getvalue()


def test_check_stored_data_can_check_one_app(link, alice):
    Partner.objects.filter(pk=alice.partner_id).update(organization_name="Evil\u202e Corp")
    out = io.StringIO()

    call_command("check_stored_data", "--app", "policies", stdout=out)

    assert "No bad values in" in out.getvalue()
    with pytest.raises(CommandError, match="No installed app with label 'nope'"):
        call_command("check_stored_data", "--app", "nope")
