"""Writing and verifying the audit trail (PRODUCT.md §10)."""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from pms.middleware import current_request_context

from .models import AuditEvent, ChainHead, Outcome

GENESIS_HASH = "0" * 64
SYSTEM_ACTOR = "system"
_SECRET_WORDS = ("password", "secret", "private", "token", "apikey", "api_key", "key_material")


def record(*, event: str, module: str, actor=None, outcome: str = Outcome.SUCCESS,
           reference=None, details: dict | None = None) -> AuditEvent:
    """Append one event to the chain inside the caller's transaction, so a rolled-back action leaves none.

    `actor` is a user, None for the system, or a label (e.g. the login typed by an anonymous visitor).
    `reference` is a model instance (its type and `code`/pk are stored) or a (type, id) pair.
    """
    spec = {"event": event, "module": module, "actor": actor, "outcome": outcome, "reference": reference,
            "details": details}
    with transaction.atomic():
        head = ChainHead.objects.select_for_update().get(pk=1)
        entry = _entry(spec, current_request_context(), timezone.now(), head.last_hash)
        entry.save(force_insert=True)
        head.last_hash, head.last_event_id = entry.hash, entry.pk
        head.save(update_fields=["last_hash", "last_event_id"])
    return entry


def record_many(events: list[dict]) -> list[AuditEvent]:
    """Append several events at once (each dict holds `record`'s keyword arguments), in the caller's
    transaction: one lock of the chain head and one bulk insert, for jobs that change many rows at once."""
    if not events:
        return []
    context = current_request_context()
    with transaction.atomic():
        head = ChainHead.objects.select_for_update().get(pk=1)
        entries, previous, now = [], head.last_hash, timezone.now()
        for spec in events:
            entry = _entry(spec, context, now, previous)
            entries.append(entry)
            previous = entry.hash
        AuditEvent.objects.bulk_create(entries, batch_size=2000)  # sets pks, in order, on PostgreSQL and SQLite
        head.last_hash, head.last_event_id = previous, entries[-1].pk
        head.save(update_fields=["last_hash", "last_event_id"])
    return entries


def _entry(spec: dict, context, now, previous: str) -> AuditEvent:
    actor_id, actor_label = _actor(spec.get("actor"))
    reference_type, reference_id = _reference(spec.get("reference"))
    entry = AuditEvent(
        timestamp=now, event=spec["event"], module=spec["module"], actor_id=actor_id, actor=actor_label,
        reference_type=reference_type, reference_id=reference_id,
        outcome=spec.get("outcome", Outcome.SUCCESS), details=_scrub(spec.get("details") or {}),
        request_id=context.request_id, client_ip=context.client_ip, prev_hash=previous,
    )
    entry.hash = event_hash(entry)
    return entry


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


def verify_chain() -> ChainReport:
    """Recompute every hash in insertion order; the first row that does not fit is reported."""
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
    return AuditEvent.objects.order_by("pk").iterator(chunk_size=2000)


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


def _scrub(details: dict) -> dict:
    """Details go through JSON once (stable hashing) and never carry a value under a secret-looking key."""
    plain = json.loads(json.dumps(details, cls=DjangoJSONEncoder))

    def clean(value):
        if isinstance(value, dict):
            return {k: "[redacted]" if _is_secret(k) else clean(v) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    return clean(plain)


def _is_secret(key: str) -> bool:
    lowered = key.lower().replace("-", "_")
    return any(word in lowered for word in _SECRET_WORDS)
