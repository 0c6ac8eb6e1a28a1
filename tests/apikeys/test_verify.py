import datetime as dt
import json

import pytest
from django.db import IntegrityError
from django.utils import timezone

from apikeys import services, usage
from apikeys.models import ApiKey, ApiKeyUsage, VerificationFailure
from audit.models import AuditEvent
from partners.services import deactivate_partner
from pms import redisclient
from policies.models import Policy
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


@pytest.fixture(params=["redis", "database"])
def counters(request, settings):
    """Usage counted in Redis and flushed (production), or in the database on each call (no Redis)."""
    if request.param == "database":
        settings.PMS_USAGE_REDIS_URL = ""
        return request.param
    request.getfixturevalue("redis_counters")
    return request.param


@pytest.fixture
def redis_counters(settings, redis_url):
    """Usage counted in a Redis database of the tests' own, emptied of counters left by another test."""
    settings.PMS_USAGE_REDIS_URL = redis_url
    redis = usage._redis()
    redis.delete(usage.PENDING, usage.BATCHES, *redis.keys("pms:apikeys:usage:*"))
    return redis


def test_verifications_are_counted_per_key_and_day_not_audited(client, alice, issued, counters):
    key, plaintext = issued
    before = AuditEvent.objects.count()
    for _ in range(3):
        verify(client, {"apiKey": plaintext})
    usage.flush()
    row = ApiKeyUsage.objects.get(key=key)
    assert (row.day, row.calls, row.failures) == (timezone.now().date(), 3, 0) and row.last_used_at
    assert AuditEvent.objects.count() == before  # the audit trail records state changes, not calls (§6.1)


def test_with_redis_calls_reach_the_database_at_the_flush_not_before(client, issued, redis_counters):
    key, plaintext = issued
    verify(client, {"apiKey": plaintext})
    verify(client, {"apiKey": plaintext})
    assert not ApiKeyUsage.objects.filter(key=key).exists()
    assert usage.flush() == 1
    verify(client, {"apiKey": plaintext})
    usage.flush()
    assert ApiKeyUsage.objects.get(key=key).calls == 3  # the second batch adds to the day's row
    assert usage.flush() == 0  # nothing left in Redis


def test_beat_flushes_the_counts_every_few_seconds(client, issued, redis_counters, settings):
    from apikeys.tasks import flush_api_key_usage_task

    key, plaintext = issued
    verify(client, {"apiKey": plaintext})
    flush_api_key_usage_task.delay()
    assert ApiKeyUsage.objects.get(key=key).calls == 1
    (entry,) = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == flush_api_key_usage_task.name]
    assert entry["schedule"].total_seconds() == settings.PMS_USAGE_FLUSH_SECONDS


def test_the_key_page_shows_calls_not_yet_flushed_and_counts_them_once(client, alice_client, issued, counters):
    key, plaintext = issued
    for _ in range(2):
        verify(client, {"apiKey": plaintext})
    pending = alice_client.get(f"/apikeys/{key.code}/").context["usage"]
    usage.flush()
    flushed = alice_client.get(f"/apikeys/{key.code}/").context["usage"]
    assert (pending.calls, flushed.calls) == (2, 2)
    assert pending.last_used_at is not None and pending.last_used_at == flushed.last_used_at


def test_refusals_of_a_known_key_count_on_the_key_and_per_client(client, alice, issued, counters):
    key, plaintext = issued
    services.deactivate_api_key(key=key, actor=alice)
    verify(client, {"apiKey": plaintext})
    verify(client, {"apiKey": plaintext})
    usage.flush()
    assert ApiKeyUsage.objects.get(key=key).failures == 2
    refused = VerificationFailure.objects.get(reason="key_deactivated")
    assert (refused.client_ip, refused.count) == ("127.0.0.1", 2) and refused.first_at <= refused.last_at


def test_a_flood_of_unknown_keys_is_one_counter_and_a_few_audit_events(client, issued, counters):
    for n in range(12):
        verify(client, {"apiKey": f"pms_unknown{n:03d}_" + "A" * 43})
    usage.flush()
    assert VerificationFailure.objects.get().count == 12 and VerificationFailure.objects.count() == 1
    events = list(AuditEvent.objects.filter(event="api_key_verification_refused").order_by("pk"))
    assert [e.details["refusals_today"] for e in events] == [1, 10]  # the 1st, 10th, 100th… refusal
    assert {e.details["reason"] for e in events} == {"unknown_key"} and all(e.outcome == "failure" for e in events)
    assert all("A" * 43 not in json.dumps(e.details) for e in events)  # never the key itself


def test_a_batch_the_database_refuses_stays_in_redis_for_the_next_flush(client, issued, redis_counters):
    key, plaintext = issued
    verify(client, {"apiKey": plaintext})
    redis = redis_counters
    bad_field = f"r|{timezone.now().date()}|unknown_key|192.0.2.1"  # a refusal without its times: NOT NULL
    redis.hset(usage.PENDING, bad_field, 1)
    with pytest.raises(IntegrityError):
        usage.flush()
    assert not ApiKeyUsage.objects.filter(key=key).exists()
    (batch,) = redis.smembers(usage.BATCHES)
    redis.hdel(batch, bad_field)
    usage.flush()
    assert ApiKeyUsage.objects.get(key=key).calls == 1 and not redis.smembers(usage.BATCHES)


def test_the_counts_of_a_key_deleted_before_the_flush_do_not_block_it(client, alice, issued, counters):
    key, plaintext = issued
    other, other_plaintext = services.generate_api_key(partner=alice.partner, link=key.link, label="other",
                                                       actor=alice)
    verify(client, {"apiKey": plaintext})
    verify(client, {"apiKey": other_plaintext})
    ApiKey.objects.filter(pk=other.pk).delete()
    usage.flush()
    assert ApiKeyUsage.objects.get(key=key).calls == 1


def test_when_redis_is_unreachable_calls_are_counted_in_the_database(client, issued, settings):
    settings.PMS_USAGE_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    key, plaintext = issued
    assert verify(client, {"apiKey": plaintext}).json()["valid"]
    assert ApiKeyUsage.objects.get(key=key).calls == 1


def test_a_verification_runs_one_query_with_redis_counters(client, issued, counters):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    verify(client, {"apiKey": issued[1]})
    with CaptureQueriesContext(connection) as captured:
        assert verify(client, {"apiKey": issued[1]}).json()["valid"]
    statements = [q["sql"] for q in captured if q["sql"].startswith(("SELECT", "INSERT", "UPDATE", "DELETE"))]
    # The key (with partner, link and policy statuses); without Redis, the counter's upsert too.
    assert len(statements) == (1 if counters == "redis" else 2), statements


def test_the_lookup_is_a_prepared_statement_on_postgresql(client, issued):
    from django.db import connection

    from tests.conftest import require_postgresql

    require_postgresql()
    verify(client, {"apiKey": issued[1]})
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('"apikeys_apikey"."public_id" = $1' in statement for statement in prepared), prepared


def test_a_policy_changed_since_the_last_call_is_answered_as_it_is_now(client, issued):
    key, plaintext = issued
    assert verify(client, {"apiKey": plaintext}).json()["policyName"] == "eKYC policy"  # serialised and kept
    Policy.objects.filter(pk=key.link.policy_id).update(name="eKYC policy v2", document={"authTokenType": "policy"},
                                                        updated_at=timezone.now())
    answer = verify(client, {"apiKey": plaintext}).json()
    assert (answer["policyName"], answer["policy"]) == ("eKYC policy v2", {"authTokenType": "policy"})


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


@pytest.fixture(params=["redis", "cache"])
def limiter(request, settings):
    """The rate limit counted on Redis in one round trip (production), or on Django's cache (no Redis)."""
    settings.REDIS_URL = request.getfixturevalue("redis_url") if request.param == "redis" else ""
    if settings.REDIS_URL:
        redis = redisclient.client(settings.REDIS_URL)
        redis.delete("_", *redis.keys("pms:ratelimit:*"))  # hits left by an earlier run in the same minute
    return request.param


def test_verification_is_rate_limited_per_client(client, issued, settings, limiter):
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


def test_the_api_stays_up_without_its_rate_limit_when_redis_is_unreachable(client, issued, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.PMS_USAGE_REDIS_URL = ""
    settings.PMS_VERIFY_RATE_LIMIT = "1/m"
    answers = [verify(client, {"apiKey": issued[1]}).status_code for _ in range(2)]
    assert answers == [200, 200]
