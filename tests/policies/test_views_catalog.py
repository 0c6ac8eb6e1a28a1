"""Pages of policy managers and partner admins: groups and policies (PRODUCT.md §4)."""

import json

import pytest

from policies.models import Policy, PolicyGroup, PolicyLink

from . import mosip_documents as mosip
from .factories import PolicyFactory, PolicyGroupFactory, PolicyLinkFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_policy_manager_creates_a_group_from_the_form(carol_client):
    response = carol_client.post("/policies/groups/new/", {"name": "Banking", "description": "Banks"})
    group = PolicyGroup.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/policies/groups/{group.code}/"


def test_duplicate_group_name_is_shown_on_the_field_and_values_are_kept(carol_client):
    PolicyGroupFactory(name="Banking")
    response = carol_client.post("/policies/groups/new/", {"name": "banking", "description": "Kept"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["A policy group with this name already exists."]
    assert "Kept" in text(response)


def test_group_list_filters_by_name_and_status(carol_client):
    PolicyGroupFactory(name="Banking")
    PolicyGroupFactory(name="Telecom", is_active=False)
    names = lambda response: [g.name for g in response.context["page"].object_list]  # noqa: E731
    assert names(carol_client.get("/policies/groups/?q=bank")) == ["Banking"]
    assert names(carol_client.get("/policies/groups/?active=no")) == ["Telecom"]


def test_empty_group_list_says_what_to_do(carol_client):
    assert "No policy group yet. Create one" in text(carol_client.get("/policies/groups/"))


def test_group_edit_saves_the_new_name(carol_client):
    group = PolicyGroupFactory(name="Banking")
    carol_client.post(f"/policies/groups/{group.code}/edit/", {"name": "Banks", "description": ""})
    group.refresh_from_db()
    assert group.name == "Banks"


def test_group_deactivation_asks_for_confirmation_first(carol_client):
    group = PolicyGroupFactory()
    response = carol_client.get(f"/policies/groups/{group.code}/deactivate/")
    assert "Deactivate group" in text(response)
    group.refresh_from_db()
    assert group.is_active


def test_deactivating_a_group_with_a_published_policy_shows_why_it_is_refused(carol_client):
    policy = PolicyFactory()
    response = carol_client.post(f"/policies/groups/{policy.group.code}/deactivate/", follow=True)
    assert messages_of(response) == ["This policy group still has 1 published policy. Deactivate it first."]


def test_group_is_deactivated_then_activated_again(carol_client):
    group = PolicyGroupFactory()
    carol_client.post(f"/policies/groups/{group.code}/deactivate/")
    group.refresh_from_db()
    assert not group.is_active
    carol_client.post(f"/policies/groups/{group.code}/activate/")
    group.refresh_from_db()
    assert group.is_active


def test_policy_is_created_from_the_raw_json(carol_client):
    group = PolicyGroupFactory()
    response = carol_client.post("/policies/catalog/new/auth/", {
        "group": str(group.code), "name": "eSignet", "description": "",
        "document": json.dumps(mosip.ESIGNET_AUTH)})
    policy = Policy.objects.get()
    assert response["Location"] == f"/policies/catalog/{policy.code}/"
    assert (policy.status, policy.document, policy.policy_type) == ("draft", mosip.ESIGNET_AUTH, "auth")


def test_new_policy_page_preselects_the_group_and_shows_the_structured_editor(carol_client):
    group = PolicyGroupFactory()
    response = carol_client.get(f"/policies/catalog/new/datashare/?group={group.code}")
    assert response.context["form"]["group"].value() == group.code
    assert "Shareable attributes" in text(response) and "Datashare settings" in text(response)


def test_unknown_policy_type_is_not_found(carol_client):
    assert carol_client.get("/policies/catalog/new/misp/").status_code == 404


def test_invalid_document_is_shown_at_its_path_and_kept(carol_client):
    group = PolicyGroupFactory()
    document = json.dumps({**mosip.ESIGNET_AUTH, "authTokenType": 7})
    response = carol_client.post("/policies/catalog/new/auth/", {"group": str(group.code), "name": "x",
                                                         "document": document})
    assert response.status_code == 200 and not Policy.objects.exists()
    assert "authTokenType" in text(response) and "Must be a text." in text(response)
    assert response.context["form"]["document"].value() == document


def test_policy_detail_shows_the_pretty_document_and_history(carol_client):
    policy = PolicyFactory(document=mosip.LEGACY_AUTH)
    policy.status_changes.create(from_status="", to_status="draft")
    response = carol_client.get(f"/policies/catalog/{policy.code}/")
    assert '  &quot;authTokenType&quot;: &quot;partner&quot;' in text(response)
    assert "History" in text(response) and len(response.context["history"]) == 1


def test_editing_a_published_policy_is_refused_with_a_message(carol_client):
    policy = PolicyFactory()
    response = carol_client.get(f"/policies/catalog/{policy.code}/edit/", follow=True)
    assert messages_of(response) == ["Only draft policies can be edited. Clone this policy to change it."]


def test_draft_is_edited_through_the_form(carol_client):
    policy = PolicyFactory(status=Policy.Status.DRAFT, document=mosip.LEGACY_AUTH)
    response = carol_client.post(f"/policies/catalog/{policy.code}/edit/", {
        "group": str(policy.group.code), "name": "Renamed", "document": json.dumps(mosip.RESIDENT_OIDC_AUTH)})
    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.name, policy.document) == ("Renamed", mosip.RESIDENT_OIDC_AUTH)


def test_publish_has_a_confirmation_page_then_publishes(carol_client):
    policy = PolicyFactory(status=Policy.Status.DRAFT)
    assert "Publish" in text(carol_client.get(f"/policies/catalog/{policy.code}/publish/"))
    response = carol_client.post(f"/policies/catalog/{policy.code}/publish/", follow=True)
    assert messages_of(response) == ["Policy published."]
    policy.refresh_from_db()
    assert policy.status == "published"


def test_deactivating_a_policy_with_an_active_link_shows_why_it_is_refused(carol_client):
    link = PolicyLinkFactory(status=PolicyLink.Status.APPROVED)
    response = carol_client.post(f"/policies/catalog/{link.policy.code}/deactivate/", {"reason": ""}, follow=True)
    assert messages_of(response) == [
        "1 partner still has an approved link to this policy. Deactivate the link first."]


def test_policy_is_cloned_into_another_group(carol_client):
    policy = PolicyFactory(name="KYC")
    target = PolicyGroupFactory()
    response = carol_client.post(f"/policies/catalog/{policy.code}/clone/", {"group": str(target.code), "name": ""})
    copy = Policy.objects.get(group=target)
    assert response["Location"] == f"/policies/catalog/{copy.code}/" and copy.status == "draft"


def test_policy_list_filters_by_group_type_status_and_name(carol_client):
    wanted = PolicyFactory(name="Bank KYC", status=Policy.Status.DRAFT)
    PolicyFactory(name="Bank print", policy_type="datashare")
    PolicyFactory(name="Telecom")
    query = f"?group={wanted.group.code}&type=auth&status=draft&q=bank"
    assert list(carol_client.get("/policies/catalog/" + query).context["page"].object_list) == [wanted]


def test_policy_document_downloads_as_json(carol_client):
    policy = PolicyFactory(document=mosip.QR_CODE, policy_type="datashare")
    response = carol_client.get(f"/policies/catalog/{policy.code}/document.json")
    assert json.loads(response.content) == mosip.QR_CODE
    assert response["Content-Disposition"].startswith("attachment;")
