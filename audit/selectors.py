from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from pms.keyset import KeysetPage, keyset_page

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


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_fixed_timezone(0))
