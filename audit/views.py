from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from pms.permissions import permission_required
from pms.shortcuts import page_of

from . import labels
from .exports import csv_lines
from .forms import AuditFilterForm
from .selectors import audit_events, known_events, known_modules


def _filter_form(request) -> AuditFilterForm:
    return AuditFilterForm(request.GET or None, modules=known_modules(), events=known_events())


@permission_required("audit.view_auditevent")
def event_list(request):
    form = _filter_form(request)
    page = page_of(request, audit_events(**form.filters()), 50)
    for event in page.object_list:
        event.shown = labels.describe(event)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/event_list.html", {"form": form, "page": page, "query": query.urlencode()})


@permission_required("audit.view_auditevent")
def export_csv(request):
    """The filtered events as CSV, streamed so that a large export never sits in memory."""
    events = audit_events(**_filter_form(request).filters())
    response = StreamingHttpResponse(csv_lines(events), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response
