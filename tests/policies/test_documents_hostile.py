"""Policy documents from the raw JSON editor and from import paths go through the portal's one JSON parser."""

import json

import pytest

from pms.jsonsafe import JsonRefused
from policies import documents
from policies.demo import AUTH_POLICY
from policies.models import Policy
from policies.services import catalog

from .factories import PolicyGroupFactory

pytestmark = pytest.mark.django_db


def _with_attribute(name: str) -> str:
    document = json.loads(json.dumps(AUTH_POLICY))
    document["allowedKycAttributes"][0]["attributeName"] = name
    return json.dumps(document)


@pytest.mark.parametrize(("name", "message"), [
    ("full\x00Name", "The JSON contains the NUL character (\\u0000), which cannot be stored."),
    ("full\ud800Name", "The JSON contains an unpaired surrogate (such as \\ud800): it is not valid Unicode text."),
    ("full\x1bName", "The JSON contains control characters (such as \\u001b) in a text; only tab and line breaks "
                     "are allowed."),
])
def test_the_raw_editor_refuses_a_text_the_database_cannot_hold(carol_client, name, message):
    group = PolicyGroupFactory()
    response = carol_client.post("/policies/catalog/new/auth/", {
        "group": str(group.code), "name": "Hostile", "description": "", "document": _with_attribute(name)})

    assert response.status_code == 200
    assert response.context["form"].errors["document"] == [f"(document): {message}"]
    assert not Policy.objects.exists()


def test_an_imported_document_breaking_the_rules_is_refused_by_the_service(carol):
    group = PolicyGroupFactory()
    document = {**AUTH_POLICY, "kycLanguages": ["eng\x00"]}

    with pytest.raises(JsonRefused) as refused:
        catalog.create_policy(group=group, name="Imported", policy_type="auth", document=document, actor=carol)

    assert (refused.value.code, refused.value.field) == ("json_nul", "document")
    assert not Policy.objects.exists()


def test_an_imported_file_is_parsed_as_bytes_by_the_same_rules():
    value, error = documents.parse(b'{"authTokenType": "partner", "x": 1e400}')

    assert value is None
    assert error.message == ("The JSON contains NaN, Infinity or a number out of range; JSON numbers must be "
                             "finite.")
