"""Usage counters of the verify API (§6.1): one upsert per call, no audit event per call (issue 12).

A successful call bumps its key's row for the day; a refused one bumps the day's row for its client
and reason (and its key's, when the key exists). Rows are few (one per key and day, one per client,
reason and day), so a flood of bad keys costs the portal a counter, never a growing table or a lock
held for long. The audit trail still hears of refusals, a bounded number of times: at the 1st, 10th,
100th… refusal of a client for a reason in a day.
"""

from contextlib import contextmanager

from django.db import connection, transaction
from django.utils import timezone

import audit.services as audit

from .models import ApiKey, ApiKeyUsage, VerificationFailure

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


def record_success(key: ApiKey) -> None:
    now = timezone.now()
    with _counter_transaction() as cursor:
        cursor.execute(_BUMP_KEY, [key.pk, now.date(), 1, 0, now])


@contextmanager
def _counter_transaction():
    """A counter's own short transaction. On PostgreSQL it does not wait for its WAL flush: a crash may lose
    the last fraction of a second of counts, never anything else, and a call does not wait on the disk."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL synchronous_commit = off")
        yield cursor


def record_failure(*, key: ApiKey | None, reason: str, client_ip: str | None, prefix: str) -> None:
    now = timezone.now()
    with _counter_transaction() as cursor:
        if key is not None:
            cursor.execute(_BUMP_KEY, [key.pk, now.date(), 0, 1, None])
        cursor.execute(_BUMP_FAILURE, [now.date(), client_ip or "", reason, now, now])
        count = cursor.fetchone()[0]
    if _is_power_of_ten(count):
        audit.record(event="api_key_verification_refused", module="apikeys", actor="api", reference=key,
                     outcome="failure", details={"reason": reason, "prefix": prefix, "refusals_today": count})


def _is_power_of_ten(count: int) -> bool:
    while count >= 10 and count % 10 == 0:
        count //= 10
    return count == 1
