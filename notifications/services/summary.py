"""The weekly summary for partner admins (PRODUCT.md §9): what partners hold that expires within 7 days,
sent once per admin and week, and sent (and audited) even when nothing expires."""

import datetime as dt

from django.db.models import F
from django.utils import timezone

from partners.selectors import partner_admins

from .. import schedule
from ..models import Kind, Notification
from ..rules import SUMMARY_LIMIT, SUMMARY_RULES
from .claims import Report, json_ready, new_row
from .sweep import create_and_queue


def send_weekly_summary(*, now: dt.datetime | None = None, dry_run: bool = False) -> Report:
    """One summary per partner admin for the week containing `now`, unless already sent this week."""
    now = now or timezone.now()
    week = schedule.week_of(now)
    done = Notification.objects.filter(kind=Kind.WEEKLY_SUMMARY, week_of=week).values("recipient_id")
    admins = list(partner_admins().exclude(pk__in=done).values_list("pk", "email"))
    if not admins:
        return Report()
    params = summary_params(now)
    created_at = timezone.now()
    rows = [new_row(recipient=admin, kind=Kind.WEEKLY_SUMMARY, now=created_at, email=True, week_of=week,
                    params=params) for admin in admins]
    return create_and_queue(Kind.WEEKLY_SUMMARY, rows, dry_run=dry_run)


def summary_params(now: dt.datetime) -> dict:
    """Counts per kind and the soonest items (at most SUMMARY_LIMIT) expiring in (now, 7 days ahead]."""
    until = schedule.horizon(now, schedule.SUMMARY_DAYS)
    counts, items = {}, []
    for rule in SUMMARY_RULES:
        expiring = rule.source(after=now, before=until)
        counts[rule.kind] = expiring.count()
        rows = expiring.order_by(F(rule.columns["expires_at"]).asc(), "pk").values_list(*rule.columns.values())
        for values in rows[:SUMMARY_LIMIT]:
            item = dict(zip(rule.columns, values, strict=True))
            item["expires_at"] = schedule.as_moment(item["expires_at"])
            items.append({"kind": rule.kind, **item})
    items = sorted(items, key=lambda item: item["expires_at"])[:SUMMARY_LIMIT]
    total = sum(counts.values())
    return {"week_of": schedule.week_of(now).isoformat(), "until": until.date().isoformat(), "total": total,
            "counts": counts, "truncated": total > SUMMARY_LIMIT,
            "items": [{key: json_ready(value) for key, value in item.items()} for item in items]}
