"""Reads of notices, always the reader's own (STYLE.md §3): another user's notice is a 404."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, QuerySet, Sum, Value, When, Window
from django.shortcuts import get_object_or_404

from . import schedule
from .models import Notification

BELL_SIZE = 5


@dataclass(frozen=True)
class Bell:
    unread: int
    latest: list[Notification]


def bell_for(user) -> Bell:
    """The unread count and the latest few notices in one query (the count is a window over the inbox)."""
    unread = Window(Sum(Case(When(read_at__isnull=True, then=Value(1)), default=Value(0),
                             output_field=IntegerField())))
    latest = list(inbox(user=user).annotate(unread_total=unread)[:BELL_SIZE])
    return Bell(unread=latest[0].unread_total if latest else 0, latest=latest)


def inbox(*, user) -> QuerySet[Notification]:
    """The user's notices not dismissed, newest first."""
    return Notification.objects.filter(recipient=user, dismissed_at__isnull=True).order_by("-created_at", "-id")


def notifications_for(*, user, kind: str = "", item: str = "", date_from: dt.date | None = None,
                      date_to: dt.date | None = None, unread: bool = False) -> QuerySet[Notification]:
    """The user's notices narrowed by the list page's filters (dates are days in the portal's time zone)."""
    notices = inbox(user=user)
    if kind:
        notices = notices.filter(kind=kind)
    if item:
        notices = notices.filter(item_name__icontains=item)
    if date_from:
        notices = notices.filter(created_at__gte=schedule.start_of(date_from))
    if date_to:
        notices = notices.filter(created_at__lte=schedule.end_of(date_to))
    if unread:
        notices = notices.filter(read_at__isnull=True)
    return notices


def unread_by_kind(*, user) -> dict[str, int]:
    rows = inbox(user=user).filter(read_at__isnull=True).order_by().values_list("kind").annotate(n=Count("pk"))
    return dict(rows)


def get_own_notification(*, user, code) -> Notification:
    return get_object_or_404(Notification, recipient=user, code=code)
