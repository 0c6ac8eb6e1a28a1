"""Writing and verifying the audit trail (PRODUCT.md §10)."""

import datetime as dt
import functools
import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from pms.middleware import current_request_context

from .models import AuditEvent, ChainHead, Outcome

GENESIS_HASH = "0" * 64
SYSTEM_ACTOR = "system"
_SECRET_WORDS = ("password", "secret", "private", "token", "apikey", "api_key", "key_material")


def record(*, event: str, module: str, actor=None, outcome: str = Outcome.SUCCESS,
           reference=None, details: dict | None = None) -> AuditEvent:
    """Append one event inside the caller's transaction, so a rolled-back action leaves none.

    `actor` is a user, None for the system, or a label (e.g. the login typed by an anonymous visitor).
    `reference` is a model instance (its type and `code`/pk are stored) or a (type, id) pair.
    The row takes no lock: its place in the hash chain is given once the transaction has committed
    (`seal_pending`), so concurrent audited changes never wait for each other (issue 12).
    """
    spec = {"event": event, "module": module, "actor": actor, "outcome": outcome, "reference": reference,
            "details": details}
    entry = _entry(spec, current_request_context(), timezone.now())
    entry.save(force_insert=True)
    _seal_after_commit()
    return entry


def record_many(events: list[dict]) -> list[AuditEvent]:
    """Append several events at once (each dict holds `record`'s keyword arguments) in the caller's
    transaction: for jobs that change many rows at once.

    On PostgreSQL they are written already sealed: the chain head is locked until the caller's transaction ends
    (only other sealers wait for it: requests never do) and the events go in with their chain positions through
    one COPY, so that they are never rewritten by the sealer (an UPDATE of every row and of its index entries,
    most of a bulk job's cost; issue 9). Elsewhere they are inserted unsealed and sealed after the commit.
    """
    if not events:
        return []
    context, now = current_request_context(), timezone.now()
    entries = [_entry(spec, context, now) for spec in events]
    if connection.vendor == "postgresql":
        _insert_sealed(entries)
    else:
        AuditEvent.objects.bulk_create(entries, batch_size=2000)
        _seal_after_commit()
    return entries


_COPY_COLUMNS = ["event_id", "timestamp", "event", "module", "actor_id", "actor", "reference_type", "reference_id",
                 "outcome", "details", "request_id", "client_ip", "seq", "prev_hash", "hash"]


def _insert_sealed(entries: list[AuditEvent]) -> None:
    """Chain `entries` after the head and COPY them in; their `pk`s are read back by their positions."""
    with transaction.atomic():
        head = ChainHead.objects.select_for_update().get(pk=1)
        for entry in entries:
            head.last_seq += 1
            entry.seq, entry.prev_hash = head.last_seq, head.last_hash
            entry.hash = head.last_hash = event_hash(entry)
        table = connection.ops.quote_name(AuditEvent._meta.db_table)
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({', '.join(_COPY_COLUMNS)}) FROM STDIN") as copy:
                for entry in entries:
                    copy.write_row([_copy_value(getattr(entry, column)) for column in _COPY_COLUMNS])
            cursor.execute(f"SELECT seq, id FROM {table} WHERE seq BETWEEN %s AND %s",
                           [entries[0].seq, entries[-1].seq])
            pks = dict(cursor.fetchall())
        for entry in entries:
            entry.pk = pks[entry.seq]
        head.last_event_id = entries[-1].pk
        head.save(update_fields=["last_hash", "last_event_id", "last_seq"])


def _copy_value(value):
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value


def _entry(spec: dict, context, now) -> AuditEvent:
    actor_id, actor_label = _actor(spec.get("actor"))
    reference_type, reference_id = _reference(spec.get("reference"))
    # Positional, in the fields' order: a third of the cost of keyword arguments, which bulk jobs feel (issue 9).
    return AuditEvent(
        None, uuid.uuid4(), now, spec["event"], spec["module"], actor_id, actor_label, reference_type, reference_id,
        spec.get("outcome", Outcome.SUCCESS), _scrub(spec.get("details")), context.request_id or "",
        context.client_ip, None, "", None,
    )


def seal_pending(*, batch: int = 5000, wait: bool = True) -> int:
    """Give every committed, unsealed event its place in the chain, in insertion order; returns how many.

    Only this step locks the chain head, for well under a second per batch. With `wait=False` (after a
    request's commit) it gives up at once when another sealer holds the head: that one, the next
    request or the periodic task seals the rows.
    """
    sealed, after = 0, 0
    while True:
        with transaction.atomic():
            head = ChainHead.objects.select_for_update(skip_locked=not wait).filter(pk=1).first()
            if head is None:
                return sealed
            # From the last row sealed on: the index of unsealed rows keeps the entries of the rows just sealed
            # until a vacuum, which each batch would otherwise walk through again.
            pending = list(AuditEvent.objects.filter(seq__isnull=True, pk__gt=after).order_by("pk")[:batch])
            for entry in pending:
                head.last_seq += 1
                entry.seq, entry.prev_hash = head.last_seq, head.last_hash
                entry.hash = event_hash(entry)
                head.last_hash, head.last_event_id = entry.hash, entry.pk
            if pending:
                _save_seals(pending)
                head.save(update_fields=["last_hash", "last_event_id", "last_seq"])
        sealed += len(pending)
        after = pending[-1].pk if pending else after
        if len(pending) < batch:
            return sealed


def _save_seals(entries: list[AuditEvent]) -> None:
    """Write the chain positions of `entries`: on PostgreSQL one UPDATE … FROM UNNEST of four arrays (bulk_update's
    CASE per row and column costs time in the square of the batch), bulk_update elsewhere."""
    if connection.vendor != "postgresql":
        AuditEvent.objects.bulk_update(entries, ["seq", "prev_hash", "hash"])
        return
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS event SET seq = chain.seq, prev_hash = chain.prev_hash, hash = chain.hash "
            f"FROM UNNEST(%s::bigint[], %s::bigint[], %s::text[], %s::text[]) AS chain(id, seq, prev_hash, hash) "
            f"WHERE event.id = chain.id",
            [[e.pk for e in entries], [e.seq for e in entries], [e.prev_hash for e in entries],
             [e.hash for e in entries]])


def _seal_after_commit() -> None:
    """One sealing attempt per transaction, after it commits (at once outside a transaction)."""
    connection = transaction.get_connection()
    if any(entry[1] is _seal_quietly for entry in connection.run_on_commit):
        return
    transaction.on_commit(_seal_quietly, robust=True)


def _seal_quietly() -> None:
    seal_pending(wait=False)


def event_hash(entry: AuditEvent) -> str:
    payload = {
        "event_id": str(entry.event_id), "timestamp": entry.timestamp.isoformat(), "event": entry.event,
        "module": entry.module, "actor_id": entry.actor_id, "actor": entry.actor,
        "reference_type": entry.reference_type, "reference_id": entry.reference_id,
        "outcome": entry.outcome, "details": entry.details, "request_id": entry.request_id,
        "client_ip": entry.client_ip, "prev_hash": entry.prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    checked: int
    bad_event_pk: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return not self.reason


def verify_chain(*, seal: bool = True) -> ChainReport:
    """Recompute every hash in chain order; the first row that does not fit is reported.

    Events not sealed yet are sealed first (`seal=True`), so that the report covers every committed one.
    """
    if seal:
        seal_pending()
    previous, checked, last_pk = GENESIS_HASH, 0, None
    for entry in _events_in_order():
        if entry.prev_hash != previous:
            return ChainReport(checked, entry.pk, "the row before it was deleted or altered (previous hash differs)")
        if event_hash(entry) != entry.hash:
            return ChainReport(checked, entry.pk, "its content was altered (hash differs)")
        previous, checked, last_pk = entry.hash, checked + 1, entry.pk
    head = ChainHead.objects.get(pk=1)
    if head.last_hash != previous:
        return ChainReport(checked, head.last_event_id, "the newest rows were deleted (chain head differs)")
    return ChainReport(checked, last_pk)


def _events_in_order() -> Iterator[AuditEvent]:
    return AuditEvent.objects.filter(seq__isnull=False).order_by("seq").iterator(chunk_size=2000)


def _actor(actor) -> tuple[int | None, str]:
    if actor is None:
        return None, SYSTEM_ACTOR
    if isinstance(actor, str):
        return None, actor[:150]
    return actor.pk, actor.get_username()


def _reference(reference) -> tuple[str, str]:
    if reference is None:
        return "", ""
    if isinstance(reference, tuple):
        kind, ident = reference
        return str(kind), str(ident)
    ident = getattr(reference, "code", None) or reference.pk
    return reference._meta.label, str(ident)


def _scrub(details: dict | None) -> dict:
    """Details go through JSON once (stable hashing) and never carry a value under a secret-looking key.

    A flat dict of plain values (most details) comes out of that round trip as it went in, but for the values
    DjangoJSONEncoder writes as text: those are converted directly, which bulk jobs feel (issue 9)."""
    if not details:
        return {}
    if all(type(key) is str and type(value) in _FLAT for key, value in details.items()):
        return {key: "[redacted]" if _is_secret(key) else value if type(value) in _NATIVE else _ENCODER.default(value)
                for key, value in details.items()}
    return _clean(json.loads(json.dumps(details, cls=DjangoJSONEncoder)))


_NATIVE = {str, int, bool, type(None)}  # unchanged by a JSON round trip (floats are not: 1e400, -0.0…)
_FLAT = _NATIVE | {dt.datetime, dt.date, uuid.UUID}  # DjangoJSONEncoder writes these as text
_ENCODER = DjangoJSONEncoder()


def _clean(value):
    if isinstance(value, dict):
        return {k: "[redacted]" if _is_secret(k) else _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


@functools.lru_cache(maxsize=1024)
def _is_secret(key: str) -> bool:
    lowered = key.lower().replace("-", "_")
    return any(word in lowered for word in _SECRET_WORDS)
