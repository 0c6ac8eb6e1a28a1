"""The daily sweep (PRODUCT.md §9): for each rule, the items at a threshold they were not notified at yet, one
notice per recipient, in a few set-based queries per rule (never one per item).

On PostgreSQL each rule is one statement (sweep_sql.py: selection, recipients, notices and their audit events
in SQL); elsewhere (SQLite, the development default) the rows are computed here and inserted in batches.
Tests hold the two equal (tests/notifications/test_sweep_sql.py)."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from partners.selectors import partner_admins

from .. import schedule
from ..models import EmailStatus, Notification
from ..rules import ADMINS, EMAIL, RULES, Rule
from . import sweep_sql
from .claims import Report, insert_new, json_ready, new_row
from .emails import queue_emails, requeue_stalled_emails

CHUNK = 5000  # partners per query when looking up their users


def send_due_expiry_notifications(*, now: dt.datetime | None = None, dry_run: bool = False) -> Report:
    """Notify every recipient of every item at the threshold it has reached, once (§9); then queue the emails.

    Runs outside any transaction (each rule commits on its own before its emails are queued).
    """
    now = now or timezone.now()
    admins = list(partner_admins().values_list("pk", "email")) if connection.vendor != "postgresql" else []
    report = Report()
    for rule in RULES.values():
        if connection.vendor == "postgresql":
            report.add(_sweep_in_sql(rule, now=now, dry_run=dry_run))
            continue
        rows = due_rows(rule, now=now, admins=admins)
        report.add(create_and_queue(rule.kind, rows, dry_run=dry_run))
    if not dry_run:
        report.add(requeue_stalled_emails())
    return report


def create_and_queue(kind: str, rows: list[dict], *, dry_run: bool) -> Report:
    """Insert the rows not created yet (exactly once), audit them, then queue their emails after the commit."""
    if not rows:
        return Report()
    if dry_run:
        emails = sum(1 for row in rows if row["email_status"] == "pending")
        return Report(notices=len(rows), emails=emails, by_kind={kind: len(rows)})
    with transaction.atomic(durable=True):  # committed before any email task can look for the rows
        created = insert_new(rows)
    report = queue_emails([row["id"] for row in created if row["email_status"] == "pending"])
    report.notices, report.by_kind = len(created), {kind: len(created)}
    return report


def _sweep_in_sql(rule: Rule, *, now: dt.datetime, dry_run: bool) -> Report:
    """The same as due_rows + create_and_queue, in one statement on PostgreSQL (sweep_sql.py)."""
    if dry_run:
        notices, emails = sweep_sql.count_due(rule, now=now, created_at=timezone.now())
        return Report(notices=notices, emails=emails, by_kind={rule.kind: notices} if notices else {})
    with transaction.atomic(durable=True):  # committed before any email task can look for the rows
        created = sweep_sql.insert_due(rule, now=now, created_at=timezone.now())
    report = queue_emails([row["id"] for row in created if row["email_status"] == EmailStatus.PENDING])
    report.notices, report.by_kind = len(created), {rule.kind: len(created)} if created else {}
    return report


def due_rows(rule: Rule, *, now: dt.datetime, admins: list[tuple[int, str]]) -> list[dict]:
    items = due_items(rule, now=now)
    recipients = _recipients(rule, items, admins)
    sent_at, email = timezone.now(), EMAIL in rule.channels
    return [
        new_row(recipient=recipient, kind=rule.kind, now=sent_at, email=email, item_code=item["code"],
                item_name=(item["name"] or "")[:255], item_expires_at=item["expires_at"],
                threshold=item["threshold"], next_due_at=item["next_due_at"], params=item["params"])
        for item in items for recipient in recipients(item)
    ]


def due_items(rule: Rule, *, now: dt.datetime) -> list[dict]:
    """The rule's items expiring within the horizon with no current notice (one query): those never notified,
    and those whose latest notice's threshold has passed (now ≥ its next_due_at)."""
    current = Notification.objects.filter(kind=rule.kind, item_code=OuterRef("code"), next_due_at__gt=now)
    owner = {"owner": f"{rule.owner}_id", "owner_active": f"{rule.owner}__is_active",
             "owner_partner": f"{rule.owner}__partner_id", "owner_email": f"{rule.owner}__email",
             "partner": f"{rule.partner}_id"} if rule.owner else {}
    names = [*rule.columns, *owner]
    rows = (rule.source(after=now, before=schedule.horizon(now)).order_by().filter(~Exists(current))
            .values_list(*rule.columns.values(), *owner.values()))
    return [_item(dict(zip(names, values, strict=True)), rule, now) for values in rows]


def _item(values: dict, rule: Rule, now: dt.datetime) -> dict:
    values["expires_at"] = schedule.as_moment(values["expires_at"]).astimezone(dt.UTC)
    days = schedule.days_left(values["expires_at"], now)
    threshold = schedule.threshold_for(days)
    params = {key: json_ready(values[key]) for key in rule.columns}
    params["name"] = params["name"] or params.get("subject", "")
    params["days"] = days
    return {**values, "name": params["name"], "params": params, "threshold": threshold,
            "next_due_at": schedule.next_due(values["expires_at"], threshold)}


def _recipients(rule: Rule, items: list[dict], admins: list[tuple[int, str]]):
    """item -> [(user pk, email address)]: every partner admin, or the item's owner (the partner's active users when
    the owner is inactive, gone, or not one of the partner's users)."""
    if rule.recipients == ADMINS:
        return lambda item: admins
    by_partner = _active_users_of({item["partner"] for item in items if not _owner_valid(item)})

    def recipients(item):
        if _owner_valid(item):
            return [(item["owner"], item["owner_email"])]
        return by_partner.get(item["partner"], [])

    return recipients


def _owner_valid(item: dict) -> bool:
    return bool(item["owner"] and item["owner_active"] and item["owner_partner"] == item["partner"])


def _active_users_of(partner_pks: set[int]) -> dict[int, list[tuple[int, str]]]:
    users: dict[int, list[tuple[int, str]]] = {}
    for chunk in _chunks(sorted(partner_pks)):
        rows = get_user_model().objects.filter(partner_id__in=chunk, is_active=True).order_by("pk")
        for pk, partner_pk, email in rows.values_list("pk", "partner_id", "email"):
            users.setdefault(partner_pk, []).append((pk, email))
    return users


def _chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start:start + size]
