import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apikeys import services
from apikeys.models import ApiKey
from audit.models import AuditEvent
from pms.errors import Refused
from policies.services import linking

from .factories import approved_link, secret_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(alice):
    return approved_link(alice.partner)


def generate(client, link, label="production"):
    return client.post("/apikeys/new/", {"link": link.pk, "label": label})


def test_partner_generates_a_key_and_sees_it_once(alice_client, link):
    response = generate(alice_client, link)
    key = ApiKey.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/apikeys/{key.code}/created/"
    shown = alice_client.get(response["Location"])
    plaintext = shown.context["plaintext"]
    assert plaintext in shown.content.decode() and "no-store" in shown["Cache-Control"]
    assert plaintext.startswith(key.prefix + "_") and len(plaintext) == len("pms_") + 10 + 1 + 43
    assert plaintext not in alice_client.get(f"/apikeys/{key.code}/").content.decode()
    assert plaintext not in alice_client.get("/apikeys/").content.decode()


def test_reloading_the_page_of_a_new_key_says_it_was_already_shown(alice_client, link):
    location = generate(alice_client, link)["Location"]
    plaintext = alice_client.get(location).context["plaintext"]
    again = alice_client.get(location)
    assert again.status_code == 200 and plaintext not in again.content.decode()
    assert "was shown once, right after it was generated, and cannot be shown again" in again.content.decode()
    assert "no-store" in again["Cache-Control"] and ApiKey.objects.count() == 1


def test_the_session_holds_the_new_key_only_encrypted_until_it_is_shown(alice_client, link):
    location = generate(alice_client, link)["Location"]
    stored = " ".join(str(value) for value in alice_client.session.values())
    plaintext = alice_client.get(location).context["plaintext"]
    secret = plaintext.split("_", 2)[2]  # after "pms_<public id>_" (the secret itself may hold "_")
    assert secret not in stored and plaintext not in stored
    assert not any(name.startswith("pms.once.") for name in alice_client.session.keys())


def test_a_new_key_not_shown_within_ten_minutes_cannot_be_shown_any_more(alice_client, link):
    location = generate(alice_client, link)["Location"]
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=11)):
        assert alice_client.get(location).context["plaintext"] is None


def test_another_partner_cannot_open_the_page_of_a_new_key(alice_client, bob_client, link):
    location = generate(alice_client, link)["Location"]
    assert bob_client.get(location).status_code == 404
    assert alice_client.get(location).context["plaintext"]


def test_only_a_keyed_hash_of_the_key_is_stored(alice, link):
    key, plaintext = services.generate_api_key(partner=alice.partner, link=link, label="prod", actor=alice)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM apikeys_apikey")
        row = " ".join(str(value) for value in cursor.fetchone())
    secret = secret_of(plaintext)
    assert secret not in row and plaintext not in row
    assert len(key.key_hash) == 64


def test_key_never_reaches_the_audit_trail(alice, link):
    _key, plaintext = services.generate_api_key(partner=alice.partner, link=link, label="prod", actor=alice)
    secret = secret_of(plaintext)
    assert not any(secret in str(e.details) for e in AuditEvent.objects.all())
    assert AuditEvent.objects.filter(event="api_key_generated", details__label="prod").exists()


def test_keys_are_random_and_url_safe(alice, link):
    plaintexts = {services.generate_api_key(partner=alice.partner, link=link, label=f"k{n}", actor=alice)[1]
                  for n in range(5)}
    assert len(plaintexts) == 5
    assert all(set(p) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") for p in plaintexts)


LABEL_TAKEN = ("You already have an API key with this label, active or deactivated: a label names one key for "
               "good. Choose another label.")


def test_label_must_be_unique_among_the_partners_keys_in_any_case(alice_client, link):
    generate(alice_client, link, "Production")
    response = generate(alice_client, link, "PRODUCTION")
    assert response.context["form"].errors["label"] == [LABEL_TAKEN]
    assert ApiKey.objects.count() == 1


def test_label_of_a_deactivated_key_cannot_be_used_again(alice, link):
    """PRODUCT.md §6.1: unique for the partner, so the audit trail and the verify answer name one key."""
    key, _ = services.generate_api_key(partner=alice.partner, link=link, label="prod", actor=alice)
    services.deactivate_api_key(key=key, actor=alice)
    with pytest.raises(Refused) as refusal:
        services.generate_api_key(partner=alice.partner, link=link, label="Prod", actor=alice)
    assert refusal.value.code == "label_taken" and ApiKey.objects.count() == 1


def test_the_database_refuses_a_reused_label_even_without_the_service(alice, link):
    from django.db import IntegrityError, transaction

    key, _ = services.generate_api_key(partner=alice.partner, link=link, label="prod", actor=alice)
    services.deactivate_api_key(key=key, actor=alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApiKey.objects.create(partner=alice.partner, link=link, label="PROD", public_id="zzzzzzzzzz", key_hash="0" * 64,
                              expires_at=key.expires_at)


def test_same_label_is_fine_for_another_partner(alice, bob, link):
    services.generate_api_key(partner=alice.partner, link=link, label="prod", actor=alice)
    other = approved_link(bob.partner)
    services.generate_api_key(partner=bob.partner, link=other, label="prod", actor=bob)
    assert ApiKey.objects.count() == 2


def test_label_longer_than_36_characters_is_refused(alice_client, link):
    response = generate(alice_client, link, "x" * 37)
    assert "Ensure this value has at most 36 characters (it has 37)." in response.context["form"].errors["label"]


def test_key_cannot_be_generated_for_a_link_that_is_no_longer_approved(alice, dave, link):
    linking.deactivate_link(link=link, actor=dave)
    with pytest.raises(Refused, match="only for an approved policy"):
        services.generate_api_key(partner=alice.partner, link=link, label="prod", actor=alice)


def test_partner_cannot_generate_a_key_on_another_partners_link(bob_client, link):
    response = bob_client.post("/apikeys/new/", {"link": link.pk, "label": "steal"})
    assert response.status_code == 200 and "link" in response.context["form"].errors
    assert not ApiKey.objects.exists()


def test_device_provider_cannot_open_api_keys(client):
    from tests.factories import make_partner_user

    client.force_login(make_partner_user(username="dp", type_code="device-provider"))
    assert client.get("/apikeys/").status_code == 403


def test_new_key_expires_after_the_configured_number_of_days(alice, link, settings):
    settings.API_KEY_EXPIRY_DAYS = 30
    with time_machine.travel(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), tick=False):
        key, _ = services.generate_api_key(partner=alice.partner, link=link, label="prod", actor=alice)
    assert key.expires_at == dt.datetime(2026, 1, 31, tzinfo=dt.UTC)


def test_existing_keys_keep_their_expiry_when_the_setting_changes(alice, link, settings):
    key, _ = services.generate_api_key(partner=alice.partner, link=link, label="prod", actor=alice)
    before = key.expires_at
    settings.API_KEY_EXPIRY_DAYS = 1
    key.refresh_from_db()
    assert key.expires_at == before and (before - key.created_at).days == 36500


def test_deactivation_asks_for_confirmation_first(alice_client, alice, link):
    key, _ = services.generate_api_key(partner=alice.partner, link=link, label="prod", actor=alice)
    response = alice_client.get(f"/apikeys/{key.code}/deactivate/")
    assert "This cannot be undone" in response.content.decode()
    key.refresh_from_db()
    assert key.status == "active"


def test_deactivation_is_irreversible(alice_client, alice, link):
    key, _ = services.generate_api_key(partner=alice.partner, link=link, label="prod", actor=alice)
    alice_client.post(f"/apikeys/{key.code}/deactivate/")
    key.refresh_from_db()
    assert key.status == "deactivated" and key.deactivation_reason == "by_partner"
    with pytest.raises(Refused, match="already deactivated"):
        services.deactivate_api_key(key=key, actor=alice)
    assert "/deactivate/" not in alice_client.get(f"/apikeys/{key.code}/").content.decode()


def test_other_partner_gets_404_on_a_key(bob_client, alice, link):
    key, _ = services.generate_api_key(partner=alice.partner, link=link, label="prod", actor=alice)
    assert bob_client.get(f"/apikeys/{key.code}/").status_code == 404
    assert bob_client.post(f"/apikeys/{key.code}/deactivate/").status_code == 404
    key.refresh_from_db()
    assert key.status == "active"


def test_expiry_job_deactivates_expired_keys_once_and_audits(alice, link):
    key, _ = services.generate_api_key(partner=alice.partner, link=link, label="prod", actor=alice)
    later = key.expires_at + dt.timedelta(seconds=1)
    assert services.deactivate_expired_api_keys(now=later) == 1
    assert services.deactivate_expired_api_keys(now=later) == 0
    key.refresh_from_db()
    assert key.status == "deactivated" and key.deactivation_reason == "expired"
    assert AuditEvent.objects.filter(event="api_key_expired", actor="system").count() == 1


def test_expiry_command_accepts_an_as_of_date(alice, link, capsys):
    services.generate_api_key(partner=alice.partner, link=link, label="prod", actor=alice)
    call_command("deactivate_expired_api_keys", "--as-of", "2200-01-01T00:00:00+00:00", "--dry-run")
    assert "1 expired API keys would be deactivated." in capsys.readouterr().out
    call_command("deactivate_expired_api_keys", "--as-of", "2200-01-01T00:00:00+00:00")
    assert ApiKey.objects.get().status == "deactivated"


def test_list_filters_by_status(alice_client, alice, link):
    first, _ = services.generate_api_key(partner=alice.partner, link=link, label="one", actor=alice)
    services.generate_api_key(partner=alice.partner, link=link, label="two", actor=alice)
    services.deactivate_api_key(key=first, actor=alice)
    page = alice_client.get("/apikeys/?status=deactivated").context["page"]
    assert [k.label for k in page.object_list] == ["one"]


def test_list_runs_the_same_number_of_queries_for_1_and_200_keys(alice_client, alice, link):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert alice_client.get("/apikeys/").status_code == 200
        return len(ctx.captured_queries)

    services.generate_api_key(partner=alice.partner, link=link, label="k0", actor=alice)
    one = count()
    for n in range(1, 200):
        services.generate_api_key(partner=alice.partner, link=link, label=f"k{n}", actor=alice)
    assert count() == one


def test_admin_sees_the_keys_on_the_partner_page_but_never_the_key(dave_client, alice, link):
    _key, plaintext = services.generate_api_key(partner=alice.partner, link=link, label="prod", actor=alice)
    html = dave_client.get(f"/partners/{alice.partner.code}/").content.decode()
    assert "prod" in html and plaintext not in html


def test_list_filters_by_policy(alice_client, alice, link):
    services.generate_api_key(partner=alice.partner, link=link, label="one", actor=alice)
    response = alice_client.get(f"/apikeys/?policy={link.policy.code}")
    assert [k.label for k in response.context["page"].object_list] == ["one"]
    assert link.policy.name in response.context["filters"].fields["policy"].choices[1]


def test_unknown_filter_values_do_not_break_the_list(alice_client, link):
    response = alice_client.get("/apikeys/?policy=not-a-policy&status=weird&page=x")
    assert response.status_code == 200


def test_partner_list_filters_suspended_keys_apart_from_active_ones(alice_client, alice, dave, link):
    services.generate_api_key(partner=alice.partner, link=link, label="one", actor=alice)
    linking.deactivate_link(link=link, actor=dave)
    assert [k.label for k in alice_client.get("/apikeys/?status=suspended").context["page"].object_list] == ["one"]
    assert list(alice_client.get("/apikeys/?status=active").context["page"].object_list) == []
