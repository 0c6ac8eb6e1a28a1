from django.db.models import QuerySet

from .models import AuditEvent


def audit_events(*, date_from=None, date_to=None, actor: str = "", module: str = "", event: str = "",
                 outcome: str = "", reference: str = "") -> QuerySet[AuditEvent]:
    """Events newest first, narrowed by the admin's filters (dates are inclusive, in UTC)."""
    events = AuditEvent.objects.order_by("-timestamp", "-id")
    if date_from:
        events = events.filter(timestamp__date__gte=date_from)
    if date_to:
        events = events.filter(timestamp__date__lte=date_to)
    if actor:
        events = events.filter(actor__icontains=actor)
    if module:
        events = events.filter(module=module)
    if event:
        events = events.filter(event=event)
    if outcome:
        events = events.filter(outcome=outcome)
    if reference:
        events = events.filter(reference_id=reference)
    return events


def known_modules() -> list[str]:
    return list(AuditEvent.objects.order_by("module").values_list("module", flat=True).distinct())


def known_events() -> list[str]:
    return list(AuditEvent.objects.order_by("event").values_list("event", flat=True).distinct())
