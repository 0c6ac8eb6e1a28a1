"""A partner admin deactivates a partner's API key or OIDC client with a reason the partner then reads."""

import pytest
from django.core import mail

from apikeys import services
from apikeys.models import ApiKey, OidcClient
from audit.models import AuditEvent
from pms.errors import Refused

from .factories import approved_link, make_client, make_key, secret_of

pytestmark = pytest.mark.django_db
REASON = "Leaked in a public repository on 2 March; generate a new key and keep it out of source code."
REQUIRED = "Give the reason for the deactivation: the partner will see it."


@pytest.fixture
def link(alice):
    return approved_link(alice.partner, policy_name="Bank login")


@pytest.fixture
def issued(link):
    return make_key(link, "production")


@pytest.fixture
def key(issued):
    return issued[0]


@pytest.fixture
def client_app(link):
    return make_client(link, "Mobile app")


def deactivate_key(client, key, reason=REASON, **kwargs):
    return client.post(f"/auth-services/keys/{key.code}/deactivate/", {"reason": reason}, **kwargs)


def deactivate_client(client, oidc_client, reason=REASON, **kwargs):
    return client.post(f"/auth-services/oidc/{oidc_client.code}/deactivate/", {"reason": reason}, **kwargs)


# --- API keys --------------------------------------------------------------------------------------------

def test_confirmation_page_names_the_key_asks_for_a_reason_and_changes_nothing(dave_client, key):
    html = dave_client.get(f"/auth-services/keys/{key.code}/deactivate/").content.decode()
    assert "Deactivate the API key “production” of Alice Auth Ltd?" in html
    assert "This cannot be undone" in html and 'name="reason"' in html and f"{key.prefix}…" in html
    key.refresh_from_db()
    assert key.status == "active"


def test_admin_deactivates_a_key_with_a_reason(dave_client, dave, key):
    response = deactivate_key(dave_client, key, follow=True)
    key.refresh_from_db()
    assert response.redirect_chain[-1][0] == f"/auth-services/keys/{key.code}/"
    assert "The API key “production” of Alice Auth Ltd is deactivated." in response.content.decode()
    assert (key.status, key.deactivation_reason, key.deactivation_comment, key.deactivated_by) == (
        "deactivated", "by_admin", REASON, dave)
    assert REASON in response.content.decode()  # the admin's page shows it too


@pytest.mark.parametrize("reason", ["", "   \n  "])
def test_deactivation_without_a_reason_is_refused(dave_client, key, reason):
    response = deactivate_key(dave_client, key, reason)
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [REQUIRED]
    assert REQUIRED in response.content.decode()
    key.refresh_from_db()
    assert key.status == "active" and not AuditEvent.objects.filter(event="api_key_deactivated").exists()


def test_a_reason_longer_than_500_characters_is_refused(dave_client, key):
    response = deactivate_key(dave_client, key, "x" * 501)
    assert response.context["form"].errors["reason"] == [
        "Ensure this value has at most 500 characters (it has 501)."]
    key.refresh_from_db()
    assert key.status == "active"


def test_service_refuses_an_admin_deactivation_without_a_reason(dave, key):
    with pytest.raises(Refused) as refusal:
        services.deactivate_api_key(key=key, actor=dave, reason="by_admin", comment="  ")
    assert refusal.value.code == "reason_required" and str(refusal.value) == REQUIRED
    key.refresh_from_db()
    assert key.status == "active"


def test_deactivating_an_already_deactivated_key_says_so(dave_client, alice, key):
    services.deactivate_api_key(key=key, actor=alice)
    response = deactivate_key(dave_client, key, follow=True)
    assert "This API key is already deactivated." in response.content.decode()
    key.refresh_from_db()
    assert key.deactivation_reason == "by_partner" and key.deactivation_comment == ""


def test_audit_event_records_the_admin_and_the_reason_but_no_key_material(dave_client, issued):
    key, plaintext = issued
    deactivate_key(dave_client, key)
    event = AuditEvent.objects.get(event="api_key_deactivated")
    assert event.actor == "dave" and event.outcome == "success" and event.reference_id == str(key.code)
    assert event.details == {"label": "production", "prefix": key.prefix, "partner_id": key.partner.partner_id,
                             "reason": "by_admin", "comment": REASON}
    everything = " ".join(str(e.details) for e in AuditEvent.objects.all())
    assert secret_of(plaintext) not in everything and key.key_hash not in everything


def test_partner_sees_the_reason_on_its_key_page_and_in_its_list(dave_client, alice_client, key):
    deactivate_key(dave_client, key)
    detail = alice_client.get(f"/apikeys/{key.code}/").content.decode()
    assert "Deactivated by a partner admin on" in detail and REASON in detail
    listing = alice_client.get("/apikeys/").content.decode()
    assert REASON[:60] in listing and "Deactivated" in listing
    assert "dave" not in detail  # who the admin is stays with the staff


def test_a_key_deactivated_by_the_admin_no_longer_verifies(dave_client, issued):
    key, plaintext = issued
    deactivate_key(dave_client, key)
    assert services.verify_api_key(plaintext=plaintext).valid is False


def test_partner_users_are_told_by_email_in_their_language(dave_client, alice, key,
                                                          django_capture_on_commit_callbacks):
    alice.language = "fr"
    alice.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        deactivate_key(dave_client, key)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [alice.email] and "« production »" in message.subject
    assert REASON in message.body and f"/apikeys/{key.code}/" in message.body
    assert 'lang="fr"' in message.alternatives[0][0]


def test_partner_deactivating_its_own_key_gives_no_reason_and_sends_no_email(alice_client, key,
                                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(f"/apikeys/{key.code}/deactivate/")
    key.refresh_from_db()
    assert (key.deactivation_reason, key.deactivation_comment) == ("by_partner", "")
    assert mail.outbox == []
    assert "Deactivated by a partner admin on" not in alice_client.get(f"/apikeys/{key.code}/").content.decode()


# --- OIDC clients ----------------------------------------------------------------------------------------

def test_admin_deactivates_an_oidc_client_with_a_reason(dave_client, dave, client_app):
    html = dave_client.get(f"/auth-services/oidc/{client_app.code}/deactivate/").content.decode()
    assert "Deactivate the OIDC client “Mobile app” of Alice Auth Ltd?" in html and client_app.client_id in html
    response = deactivate_client(dave_client, client_app, follow=True)
    client_app.refresh_from_db()
    assert "The OIDC client “Mobile app” of Alice Auth Ltd is deactivated." in response.content.decode()
    assert (client_app.status, client_app.deactivation_reason, client_app.deactivation_comment,
            client_app.deactivated_by) == ("deactivated", "by_admin", REASON, dave)


def test_oidc_client_deactivation_without_a_reason_is_refused(dave_client, client_app):
    response = deactivate_client(dave_client, client_app, "")
    assert response.context["form"].errors["reason"] == [REQUIRED]
    client_app.refresh_from_db()
    assert client_app.status == "active"


def test_oidc_client_audit_event_records_the_admin_and_the_reason(dave_client, client_app):
    deactivate_client(dave_client, client_app)
    event = AuditEvent.objects.get(event="oidc_client_deactivated")
    assert event.actor == "dave" and event.details["comment"] == REASON and event.details["reason"] == "by_admin"


def test_partner_sees_the_reason_on_its_client_page_and_in_its_list(dave_client, alice_client, client_app,
                                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        deactivate_client(dave_client, client_app)
    assert REASON in alice_client.get(f"/apikeys/oidc/{client_app.code}/").content.decode()
    assert REASON[:60] in alice_client.get("/apikeys/oidc/").content.decode()
    assert len(mail.outbox) == 1 and "Mobile app" in mail.outbox[0].subject


def test_partner_deactivating_its_own_client_records_it_as_the_partners(alice_client, client_app):
    alice_client.post(f"/apikeys/oidc/{client_app.code}/deactivate/")
    client_app.refresh_from_db()
    assert (client_app.deactivation_reason, client_app.deactivation_comment) == ("by_partner", "")


def test_nothing_changes_for_other_credentials(dave_client, key, client_app):
    other = make_key(key.link, "staging")[0]
    deactivate_key(dave_client, key)
    assert ApiKey.objects.get(pk=other.pk).status == "active"
    assert OidcClient.objects.get(pk=client_app.pk).status == "active"
