"""When notices are due (PRODUCT.md §9): the thresholds, counted in whole days of the portal's time zone.

Individual notices: 30 and 15 days before expiry, then every day from 10 days before to the day of expiry.
A run notifies each item at the threshold it has most recently crossed, once: a missed day is caught up
by the next run with one notice (at the latest threshold), never with one per missed day.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone

OFFSETS = (30, 15, *range(10, -1, -1))
HORIZON_DAYS = max(OFFSETS)
SUMMARY_DAYS = 7


def today(now: dt.datetime) -> dt.date:
    return timezone.localdate(now, timezone.get_default_timezone())


def start_of(day: dt.date) -> dt.datetime:
    """The first instant of `day` in the portal's time zone (settings.TIME_ZONE): its midnight, or where a clock
    change skips midnight, the change itself.

    Midnight is tried at the UTC offsets of the days before and after, and the earliest that falls on `day` wins:
    a bare `make_aware` puts some midnights an hour off (Santiago's clocks go back at 24:00: 00:00 then exists
    once, an hour after what zoneinfo gives). sweep_sql.start_of_day_sql computes the same in SQL.
    """
    zone, midnight = timezone.get_default_timezone(), dt.datetime.combine(day, dt.time.min)
    candidates = []
    for probe in (midnight - dt.timedelta(days=1), midnight + dt.timedelta(days=1)):
        offset = probe.replace(tzinfo=dt.UTC).astimezone(zone).utcoffset()
        candidate = (midnight - offset).replace(tzinfo=dt.UTC)
        if candidate.astimezone(zone).date() == day:
            candidates.append(candidate)
    # In UTC: arithmetic on an aware datetime of `zone` is wall-clock arithmetic, wrong across the change.
    return min(candidates) if candidates else timezone.make_aware(midnight, zone).astimezone(dt.UTC)


def end_of(day: dt.date) -> dt.datetime:
    return start_of(day + dt.timedelta(days=1)) - dt.timedelta(microseconds=1)


def days_left(expires_at: dt.datetime, now: dt.datetime) -> int:
    return (today(expires_at) - today(now)).days


def as_moment(expiry: dt.datetime | dt.date) -> dt.datetime:
    """An expiry given as a day (an SBI's last valid day) ends with that day in the portal's time zone."""
    return expiry if isinstance(expiry, dt.datetime) else end_of(expiry)


def threshold_for(days: int) -> int | None:
    """The threshold a notice `days` before expiry belongs to (the smallest offset not below it)."""
    if days < 0 or days > HORIZON_DAYS:
        return None
    return min(offset for offset in OFFSETS if offset >= days)


def next_due(expires_at: dt.datetime, threshold: int) -> dt.datetime:
    """When the threshold after `threshold` begins (the start of its day), or the expiry itself after day 0:
    until then, a notice at `threshold` is the item's current one."""
    lower = [offset for offset in OFFSETS if offset < threshold]
    if not lower:
        return expires_at
    return start_of(today(expires_at) - dt.timedelta(days=max(lower)))


def horizon(now: dt.datetime, days: int = HORIZON_DAYS) -> dt.datetime:
    """The last instant of the `days`-th day from today: what is notified now expires in (now, horizon]."""
    return end_of(today(now) + dt.timedelta(days=days))


def week_of(now: dt.datetime) -> dt.date:
    """The first day of the summary week containing `now` (PMS_WEEKLY_SUMMARY_WEEKDAY, Monday by default)."""
    day = today(now)
    return day - dt.timedelta(days=(day.weekday() - settings.PMS_WEEKLY_SUMMARY_WEEKDAY) % 7)
