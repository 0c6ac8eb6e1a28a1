"""Usage counters of the verify API (§6.1): counted in Redis on the hot path, flushed in batches (issue 12).

A successful call bumps its key's counters for the day; a refused one bumps the day's counter of its
client and reason (and its key's, when the key exists). Rows are few (one per key and day, one per
client, reason and day), so a flood of bad keys costs the portal a counter, never a growing table or a
lock. The audit trail still hears of refusals, a bounded number of times: at the 1st, 10th, 100th…
refusal of a client for a reason in a day.

Where the counts go first:
- With Redis (PMS_USAGE_REDIS_URL, by default REDIS_URL), a call costs one pipelined round trip to
  Redis (HINCRBY/HSET on one "pending" hash) and no database write. `flush()` (the beat task
  `flush_api_key_usage_task`, every PMS_USAGE_FLUSH_SECONDS) renames the pending hash to a batch,
  writes the batch to ApiKeyUsage / VerificationFailure in one transaction and only then deletes it: a
  batch whose database write fails stays in Redis and is written by the next flush. So the database
  lags by at most one flush interval (a few seconds); the key's page adds the counts still pending in
  Redis (`pending_usage`), so what a partner sees is current. What can be lost is what Redis itself
  loses (a Redis crash without persistence: the last seconds' counts); a flush that dies between its
  commit and the batch's deletion counts that batch twice. When Redis cannot be reached, a call falls
  back to the database path below and logs a warning: counts are not dropped.
- Without Redis (SQLite in development), one upsert per call in its own short transaction.
"""

import logging
import uuid
from contextlib import contextmanager
from datetime import date, datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

import audit.services as audit
from pms import redisclient

from .models import ApiKey, ApiKeyUsage, VerificationFailure

logger = logging.getLogger(__name__)

_KEY_USAGE = ApiKeyUsage._meta.db_table
_FAILURES = VerificationFailure._meta.db_table
_BUMP_KEY = (
    f"INSERT INTO {_KEY_USAGE} (key_id, day, calls, failures, last_used_at) VALUES (%s, %s, %s, %s, %s) "
    f"ON CONFLICT (key_id, day) DO UPDATE SET calls = {_KEY_USAGE}.calls + EXCLUDED.calls, "
    f"failures = {_KEY_USAGE}.failures + EXCLUDED.failures, "
    f"last_used_at = COALESCE(EXCLUDED.last_used_at, {_KEY_USAGE}.last_used_at)"
)
_BUMP_FAILURE = (
    f"INSERT INTO {_FAILURES} (day, client_ip, reason, count, first_at, last_at) VALUES (%s, %s, %s, 1, %s, %s) "
    f"ON CONFLICT (day, client_ip, reason) DO UPDATE SET count = {_FAILURES}.count + 1, last_at = EXCLUDED.last_at "
    "RETURNING count"
)

def _merge(greatest: str, least: str) -> tuple[str, str]:
    """ON CONFLICT clauses merging a flushed batch into the day's rows (GREATEST/LEAST are MAX/MIN on SQLite;
    the COALESCE pairs keep a NULL from winning on either)."""
    def pick(function: str, column: str, table: str) -> str:
        return (f"{function}(COALESCE(EXCLUDED.{column}, {table}.{column}), "
                f"COALESCE({table}.{column}, EXCLUDED.{column}))")

    keys = (f"ON CONFLICT (key_id, day) DO UPDATE SET calls = {_KEY_USAGE}.calls + EXCLUDED.calls, "
            f"failures = {_KEY_USAGE}.failures + EXCLUDED.failures, "
            f"last_used_at = {pick(greatest, 'last_used_at', _KEY_USAGE)}")
    failures = (f"ON CONFLICT (day, client_ip, reason) DO UPDATE SET count = {_FAILURES}.count + EXCLUDED.count, "
                f"first_at = {pick(least, 'first_at', _FAILURES)}, last_at = {pick(greatest, 'last_at', _FAILURES)}")
    return keys, failures


_MERGE_KEYS, _MERGE_FAILURES = _merge("GREATEST", "LEAST")
_MERGE_KEYS_SQLITE, _MERGE_FAILURES_SQLITE = _merge("MAX", "MIN")
_KEY_COLUMNS = "key_id, day, calls, failures, last_used_at"
_FAILURE_COLUMNS = "day, client_ip, reason, count, first_at, last_at"
# PostgreSQL: a batch is one statement whatever its size (arrays unnested), not one statement per row.
_ADD_KEYS_PG = (f"INSERT INTO {_KEY_USAGE} ({_KEY_COLUMNS}) SELECT * FROM unnest(%s::bigint[], %s::date[], "
                f"%s::integer[], %s::integer[], %s::timestamptz[]) AS batch ({_KEY_COLUMNS}) "
                f"WHERE EXISTS (SELECT 1 FROM {ApiKey._meta.db_table} WHERE id = batch.key_id) "  # deleted since
                f"{_MERGE_KEYS}")
_ADD_FAILURES_PG = (f"INSERT INTO {_FAILURES} ({_FAILURE_COLUMNS}) SELECT * FROM unnest(%s::date[], %s::text[], "
                    f"%s::text[], %s::integer[], %s::timestamptz[], %s::timestamptz[]) {_MERGE_FAILURES}")
_ADD_KEY = f"INSERT INTO {_KEY_USAGE} ({_KEY_COLUMNS}) VALUES (%s, %s, %s, %s, %s) {_MERGE_KEYS_SQLITE}"
_ADD_FAILURE = (f"INSERT INTO {_FAILURES} ({_FAILURE_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s) "
                f"{_MERGE_FAILURES_SQLITE}")

# Redis names. Fields of the pending hash and of its batches: "c|<day>|<key pk>" calls, "f|…" refusals of the
# key, "l|…" its last use (ISO time); "r|<day>|<reason>|<client ip>" refusals of a client for a reason, "b|…"
# and "a|…" the first and last of them in the batch.
PENDING = "pms:apikeys:usage:pending"
BATCHES = "pms:apikeys:usage:batches"  # the names of batches taken from PENDING, not yet in the database
_LOCK = "pms:apikeys:usage:flush-lock"
_REFUSALS = "pms:apikeys:usage:refusals:{day}"  # the day's running total per reason and client (audit)
_REFUSALS_KEPT = 2 * 24 * 3600


def record_success(key_pk: int) -> None:
    now = timezone.now()
    day = now.date().isoformat()
    client = _redis()
    if client is not None:
        try:
            client.pipeline(transaction=False).hincrby(PENDING, f"c|{day}|{key_pk}", 1).hset(
                PENDING, f"l|{day}|{key_pk}", now.isoformat()).execute()
            return
        except redisclient.errors() as error:
            logger.warning("Usage counters: Redis unreachable (%s); counting in the database", type(error).__name__)
    with _counter_transaction() as cursor:
        cursor.execute(_BUMP_KEY, [key_pk, now.date(), 1, 0, now])


def record_failure(*, key_pk: int | None, reason: str, client_ip: str | None, prefix: str) -> None:
    now = timezone.now()
    count = _count_failure_in_redis(key_pk, reason, client_ip or "", now)
    if count is None:
        with _counter_transaction() as cursor:
            if key_pk is not None:
                cursor.execute(_BUMP_KEY, [key_pk, now.date(), 0, 1, None])
            cursor.execute(_BUMP_FAILURE, [now.date(), client_ip or "", reason, now, now])
            count = cursor.fetchone()[0]
    if _is_power_of_ten(count):
        audit.record(event="api_key_verification_refused", module="apikeys", actor="api",
                     reference=ApiKey.objects.filter(pk=key_pk).first() if key_pk else None,
                     outcome="failure", details={"reason": reason, "prefix": prefix, "refusals_today": count})


def _count_failure_in_redis(key_pk: int | None, reason: str, client_ip: str, now: datetime) -> int | None:
    """The day's running total of this client's refusals for this reason, or None without Redis."""
    client = _redis()
    if client is None:
        return None
    day = now.date().isoformat()
    totals = _REFUSALS.format(day=day)
    pipe = client.pipeline(transaction=False)
    if key_pk is not None:
        pipe.hincrby(PENDING, f"f|{day}|{key_pk}", 1)
    pipe.hincrby(PENDING, f"r|{day}|{reason}|{client_ip}", 1).hsetnx(PENDING, f"b|{day}|{reason}|{client_ip}",
                                                                    now.isoformat())
    pipe.hset(PENDING, f"a|{day}|{reason}|{client_ip}", now.isoformat())
    pipe.hincrby(totals, f"{reason}|{client_ip}", 1).expire(totals, _REFUSALS_KEPT)
    try:
        return pipe.execute()[-2]
    except redisclient.errors() as error:
        logger.warning("Usage counters: Redis unreachable (%s); counting in the database", type(error).__name__)
        return None


@contextmanager
def _counter_transaction():
    """A counter's own short transaction. On PostgreSQL it does not wait for its WAL flush: a crash may lose
    the last fraction of a second of counts, never anything else, and a call does not wait on the disk."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL synchronous_commit = off")
        yield cursor


def _is_power_of_ten(count: int) -> bool:
    while count >= 10 and count % 10 == 0:
        count //= 10
    return count == 1


# --- Flushing and reading the counts still in Redis ----------------------------------------------------

def flush() -> int:
    """Write the counts waiting in Redis to the database; the number of batches written (0 without Redis)."""
    client = _redis()
    if client is None:
        return 0
    written = 0
    with client.lock(_LOCK, timeout=120, blocking_timeout=30):
        for name in sorted(n.decode() for n in client.smembers(BATCHES)):  # left by a flush that failed
            _write_batch(client, name)
            written += 1
        if client.exists(PENDING):
            name = f"pms:apikeys:usage:batch:{uuid.uuid4().hex}"
            client.pipeline(transaction=True).rename(PENDING, name).sadd(BATCHES, name).execute()
            _write_batch(client, name)
            written += 1
    return written


def _write_batch(client, name: str) -> None:
    keys, failures = _parse(client.hgetall(name))
    with transaction.atomic(), connection.cursor() as cursor:
        key_rows = [(pk, day, c["c"], c["f"], c["l"]) for (pk, day), c in keys.items()]
        if key_rows and connection.vendor != "postgresql":  # PostgreSQL's statement skips deleted keys itself
            existing = set(ApiKey.objects.filter(pk__in={pk for pk, _day in keys}).values_list("pk", flat=True))
            key_rows = [row for row in key_rows if row[0] in existing]
        failure_rows = [(day, ip, reason, f["r"], f["b"] or f["a"], f["a"] or f["b"])
                        for (day, reason, ip), f in failures.items()]
        for rows, one_statement, per_row in ((key_rows, _ADD_KEYS_PG, _ADD_KEY),
                                             (failure_rows, _ADD_FAILURES_PG, _ADD_FAILURE)):
            if rows and connection.vendor == "postgresql":
                cursor.execute(one_statement, [list(column) for column in zip(*rows, strict=True)])
            elif rows:
                cursor.executemany(per_row, rows)
    client.pipeline(transaction=True).delete(name).srem(BATCHES, name).execute()


def _parse(fields: dict) -> tuple[dict, dict]:
    keys: dict = {}
    failures: dict = {}
    for raw_field, raw_value in fields.items():
        kind, day_text, rest = raw_field.decode().split("|", 2)
        value = raw_value.decode()
        day = date.fromisoformat(day_text)
        if kind in "cfl":
            entry = keys.setdefault((int(rest), day), {"c": 0, "f": 0, "l": None})
        else:
            reason, ip = rest.split("|", 1)
            entry = failures.setdefault((day, reason, ip), {"r": 0, "b": None, "a": None})
        entry[kind] = int(value) if kind in "cfr" else datetime.fromisoformat(value)
    return keys, failures


def pending_usage(key_pk: int, days: list[date]) -> dict[date, tuple[int, int, datetime | None]]:
    """Counts of this key not yet flushed, per day: (calls, refusals, last use). One round trip to Redis."""
    client = _redis()
    if client is None:
        return {}
    fields = [f"{kind}|{day.isoformat()}|{key_pk}" for day in days for kind in "cfl"]
    try:
        names = [PENDING, *sorted(n.decode() for n in client.smembers(BATCHES))]
        pipe = client.pipeline(transaction=False)
        for name in names:
            pipe.hmget(name, fields)
        answers = pipe.execute()
    except redisclient.errors():
        return {}
    pending: dict = {}
    for values in answers:
        for index, day in enumerate(days):
            calls, refusals, last = values[3 * index:3 * index + 3]
            if calls is None and refusals is None and last is None:
                continue
            before = pending.get(day, (0, 0, None))
            last_used = datetime.fromisoformat(last.decode()) if last else None
            pending[day] = (before[0] + int(calls or 0), before[1] + int(refusals or 0),
                            max(filter(None, [before[2], last_used]), default=None))
    return pending


def _redis():
    """The Redis client of the counters, or None when they are kept in the database."""
    url = settings.PMS_USAGE_REDIS_URL
    return redisclient.client(url) if url else None
