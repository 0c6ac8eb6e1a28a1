"""Creating notices exactly once: INSERT … ON CONFLICT DO NOTHING against the unique constraints, RETURNING
only the rows this run inserted, each audited in the same transaction (PRODUCT.md §9, §10).

Django's bulk_create cannot say which rows it inserted when it ignores conflicts, hence the few lines of SQL
(portable: PostgreSQL, and SQLite ≥ 3.35). A second run, a concurrent worker (its insert waits for ours to
commit, then does nothing) or a run after a crash therefore creates nothing twice.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db import connection

import audit.services as audit

from .. import bell
from ..models import EmailStatus, Notification

MODULE = "notifications"
BATCH = 1000  # rows per INSERT (SQLite allows 32,766 parameters per statement)


@dataclass
class Report:
    """What a run did: the last line of `send_expiry_notifications`."""

    notices: int = 0
    emails: int = 0
    failed: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    def add(self, other: "Report") -> "Report":
        self.notices, self.emails, self.failed = (self.notices + other.notices, self.emails + other.emails,
                                                  self.failed + other.failed)
        for kind, count in other.by_kind.items():
            self.by_kind[kind] = self.by_kind.get(kind, 0) + count
        return self

    def __str__(self) -> str:
        return f"{self.notices} notices, {self.emails} emails, {self.failed} failed"


def insert_new(rows: list[dict]) -> list[dict]:
    """Insert the rows whose key is not taken yet; returns those rows (with their `id`). Caller's transaction."""
    fields = [f for f in Notification._meta.concrete_fields if not f.primary_key]
    rows = sorted(rows, key=lambda row: (row["recipient_id"], str(row["item_code"]), str(row["week_of"])))
    by_code, created = {row["code"]: row for row in rows}, []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start:start + BATCH]
            values = [[f.get_db_prep_save(row[f.attname], connection) for f in fields] for row in batch]
            cursor.execute(*_insert(fields, values))
            for pk, code in cursor.fetchall():
                row = by_code[uuid.UUID(str(code))]
                row["id"] = pk
                created.append(row)
    audit_created(created)
    bell.forget(row["recipient_id"] for row in created)
    return created


def _insert(fields, values: list[list]) -> tuple[str, list]:
    """The statement and its parameters: one array per column through UNNEST on PostgreSQL (a few parameters
    to parse and plan whatever the batch size, as Django's own bulk_create does), VALUES rows elsewhere."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"(%s)::{f.db_type(connection).split('(')[0]}[]" for f in fields)
        source, params = f"SELECT * FROM UNNEST({arrays})", [list(column) for column in zip(*values, strict=True)]
    else:
        row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        source, params = "VALUES " + ", ".join([row] * len(values)), [value for row in values for value in row]
    return (f"INSERT INTO {quote(Notification._meta.db_table)} ({columns}) {source} "
            f"ON CONFLICT DO NOTHING RETURNING {quote('id')}, {quote('code')}", params)


def json_ready(value):
    """A value as notice parameters hold it: UUIDs, dates and datetimes as strings."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if value is not None and not isinstance(value, str | int | float | bool):
        return str(value)
    return value


def new_row(*, recipient: tuple[int, str], kind: str, now, email: bool, **values) -> dict:
    """A notice for `recipient` (pk, email address); `values` are its item or week fields and params."""
    pk, address = recipient
    return {
        "code": uuid.uuid4(), "recipient_id": pk, "kind": kind, "item_code": None, "item_name": "",
        "item_expires_at": None, "threshold": 0, "next_due_at": None, "week_of": None, "params": {},
        "created_at": now, "read_at": None, "dismissed_at": None,
        "email_status": EmailStatus.PENDING if email and address else EmailStatus.NONE,
        "email_attempts": 0, "email_due_at": now, "email_sent_at": None, "email_error": "", **values,
    }


def audit_created(rows: list[dict]) -> None:
    """One `notification_created` event per notice (§10), in the caller's transaction."""
    audit.record_many([{
        "event": "notification_created", "module": MODULE,
        "reference": ("notifications.Notification", row["code"]),
        "details": {"notification_id": str(row["code"]), "type": row["kind"], "channel": "portal",
                    "recipient_id": row["recipient_id"], "item": str(row["item_code"] or ""),
                    "item_name": row["item_name"], "days_before": row["threshold"],
                    "expires_at": row["item_expires_at"], "week_of": row["week_of"]},
    } for row in rows])
