from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from pms.counting import estimated_count
from pms.permissions import permission_required

from . import rows
from .exports import csv_lines
from .forms import AuditFilterForm
from .models import AuditEvent
from .selectors import audit_events, event_page


def _filter_form(request) -> AuditFilterForm:
    return AuditFilterForm(request.GET or None)


@permission_required("audit.view_auditevent")
def event_list(request):
    """Newest first, by keyset pages ("newer / older"): no count and no offset over millions of rows."""
    form = _filter_form(request)
    filters = form.filters()
    page = event_page(filters, **form.cursors())
    query = request.GET.copy()
    for cursor in ("older", "newer", "page"):
        query.pop(cursor, None)
    return render(request, "audit/event_list.html", {
        "form": form, "page": page, "rows": rows.event_rows(page.object_list), "query": query.urlencode(),
        "total": None if filters else estimated_count(AuditEvent)})


@permission_required("audit.view_auditevent")
def export_csv(request):
    """The filtered events as CSV, streamed so that a large export never sits in memory."""
    events = audit_events(**_filter_form(request).filters())
    response = StreamingHttpResponse(csv_lines(events), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response
