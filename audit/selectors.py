from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone

from pms import prepared
from pms.keyset import KeysetPage, keyset_page, keyset_rows

from .models import AuditEvent

PAGE_SIZE = 50


def audit_events(*, date_from: date | None = None, date_to: date | None = None, actor: str = "", module: str = "",
                 event: str = "", outcome: str = "", reference: str = "") -> QuerySet[AuditEvent]:
    """Events newest first, narrowed by the admin's filters (dates are inclusive days, in UTC).

    Dates become timestamp ranges and the default order is indexed with every exact filter
    (`audit_*_newest` indexes), so a page reads one index range at any volume (issue 12).
    """
    events = AuditEvent.objects.all()
    if date_from:
        events = events.filter(timestamp__gte=_start_of(date_from))
    if date_to:
        events = events.filter(timestamp__lt=_start_of(date_to + timedelta(days=1)))
    if actor:
        events = events.filter(actor__icontains=actor)  # a trigram index on PostgreSQL
    if module:
        events = events.filter(module=module)
    if event:
        events = events.filter(event=event)
    if outcome:
        events = events.filter(outcome=outcome)
    if reference:
        events = events.filter(reference_id=reference)
    return events.order_by("-timestamp", "-id")


def audit_page(events: QuerySet[AuditEvent], *, older: str = "", newer: str = "") -> KeysetPage:
    """A page of 50 events by keyset: no count, no offset, whatever the size of the trail."""
    return keyset_page(events, field="timestamp", size=PAGE_SIZE, older=older, newer=newer)


# What a page reads of each event: its key in the row store (audit/rows.py) and its keyset cursor (timestamp, id).
# The rest of an event (its details, kilobytes of JSON for some) is read only for the rows not yet rendered.
PAGE_COLUMNS = ("id", "event_id", "timestamp")
# Filters matched as free text: a statement of their own each, never kept compiled.
FREE_TEXT_FILTERS = {"actor"}
# Filters read through a partial index (audit_failures_newest): their statement is planned for its values, never
# prepared (a generic plan cannot tell that `outcome = $1` is the index's condition).
PARTIAL_INDEX_FILTERS = {"outcome"}


class EventKey(NamedTuple):
    """What a page of the trail reads of an event (PAGE_COLUMNS): its keyset cursor and row key."""

    pk: int
    event_id: UUID
    timestamp: datetime


def event_page(filters: dict, *, older: str = "", newer: str = "") -> KeysetPage:
    """The page of the trail narrowed by `filters` (`audit_events`' arguments) that the cursors ask for, each event
    read with PAGE_COLUMNS only (issue 12). The newest page, the one every admin opens, is read by a statement
    compiled once per process and prepared once per connection (pms.prepared.fetch_all), unless a free-text
    filter narrows it."""
    if older or newer or filters.keys() & FREE_TEXT_FILTERS:
        return audit_page(audit_events(**filters).only(*PAGE_COLUMNS), older=older, newer=newer)
    # The query is built only when its statement is not compiled yet.
    rows = prepared.fetch_all(("audit.newest", tuple(sorted(filters.items()))), lambda: audit_events(
        **filters).values_list(*PAGE_COLUMNS)[:PAGE_SIZE + 1], prepare=not filters.keys() & PARTIAL_INDEX_FILTERS)
    return keyset_rows([EventKey(*row) for row in rows], field="timestamp", size=PAGE_SIZE)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_fixed_timezone(0))
