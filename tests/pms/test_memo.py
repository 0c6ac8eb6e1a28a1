"""A request reads the shared cache entries it announced in one round trip, once (pms/memo.py)."""

import pytest
import redis
from django.core.cache import cache

from pms import memo


def test_announced_entries_are_read_with_the_first_read():
    cache.set_many({"memo:a": 1, "memo:b": 2, "memo:c": 3})
    with memo.request_scope():
        memo.prefetch("memo:a", "memo:b")
        assert memo.cache_get("memo:c") == 3
        cache.delete_many(["memo:a", "memo:b", "memo:c"])  # what the request read with "memo:c" stays read
        assert (memo.cache_get("memo:a"), memo.cache_get("memo:b"), memo.cache_get("memo:c")) == (1, 2, 3)


def test_an_entry_is_read_once_per_request_and_afresh_in_the_next():
    cache.set("memo:a", "old")
    with memo.request_scope():
        assert memo.cache_get("memo:a") == "old"
        cache.set("memo:a", "new")
        assert memo.cache_get("memo:a") == "old"
    with memo.request_scope():
        assert memo.cache_get("memo:a") == "new"


def test_a_missing_entry_reads_as_none():
    with memo.request_scope():
        memo.prefetch("memo:absent")
        assert memo.cache_get("memo:other") is None and memo.cache_get("memo:absent") is None


def test_what_the_request_sets_or_forgets_it_reads_as_it_left_it():
    cache.set_many({"memo:a": 1, "memo:b": 2})
    with memo.request_scope():
        memo.prefetch("memo:a", "memo:b")
        assert memo.cache_get("memo:a") == 1
        memo.cache_set("memo:a", 10, 60)
        memo.cache_forget(["memo:b"])
        assert memo.cache_get("memo:a") == 10 and memo.cache_get("memo:b") is None
    assert cache.get("memo:a") == 10 and cache.get("memo:b") is None


def test_outside_a_request_every_read_goes_to_the_cache():
    cache.set("memo:a", 1)
    assert memo.cache_get("memo:a") == 1
    cache.set("memo:a", 2)
    assert memo.cache_get("memo:a") == 2


class CountingConnection(redis.Connection):
    """redis-py's connection, noting each command this process sends (the server's own statistics would count
    every client's, and the browser journeys run beside this suite)."""

    commands: list[str] = []

    def send_command(self, *args, **kwargs):
        CountingConnection.commands.append(str(args[0]).upper())
        return super().send_command(*args, **kwargs)


@pytest.mark.django_db
def test_the_review_queue_reads_its_bell_choices_and_count_in_one_round_trip(dave_client, settings, redis_url):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url,
                                   "OPTIONS": {"connection_class": CountingConnection}}}
    settings.PMS_BELL_CACHE_SECONDS = 60
    assert dave_client.get("/policies/links/").status_code == 200  # fills the bell, the choices and the count
    CountingConnection.commands.clear()
    assert dave_client.get("/policies/links/").status_code == 200
    reads = [command for command in CountingConnection.commands if command in ("GET", "MGET")]
    sessions_in_cache = settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    assert reads == (["GET", "MGET"] if sessions_in_cache else ["MGET"])
