"""The reader's notices (PRODUCT.md §9): the full list with tabs and filters, one notice, and the POST-only
actions (mark read, dismiss, mark all read). Every user has their own notices; another's is a 404."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pms.shortcuts import act_and_redirect, page_of, safe_next

from . import selectors, services
from .forms import NotificationFilterForm
from .models import Kind
from .rendering import summary_rows
from .rules import visible_kinds


def notification_list(request):
    kinds = visible_kinds(request.user)
    filters = NotificationFilterForm(request.GET or None, kinds=kinds)
    page = page_of(request, selectors.notifications_for(user=request.user, **filters.filters()))
    unread = selectors.unread_by_kind(user=request.user)
    return render(request, "notifications/notification_list.html", {
        "page": page, "filters": filters, "active_kind": filters.filters().get("kind", ""),
        "tabs": [(kind, Kind(kind).label, unread.get(kind, 0)) for kind in kinds],
    })


def notification_detail(request, code):
    notice = selectors.get_own_notification(user=request.user, code=code)
    return render(request, "notifications/notification_detail.html", {
        "notice": notice,
        "rows": summary_rows(notice) if notice.kind == Kind.WEEKLY_SUMMARY else [],
    })


@require_POST
def mark_read(request, code):
    notice = selectors.get_own_notification(user=request.user, code=code)
    return act_and_redirect(request, lambda: services.mark_read(notice=notice, actor=request.user),
                            success=_("Notification marked as read."), to=_next(request))


@require_POST
def dismiss(request, code):
    notice = selectors.get_own_notification(user=request.user, code=code)
    return act_and_redirect(request, lambda: services.dismiss(notice=notice, actor=request.user),
                            success=_("Notification dismissed."), to=_next(request))


@require_POST
def mark_all_read(request):
    return act_and_redirect(request, lambda: services.mark_all_read(user=request.user, actor=request.user),
                            success=_("All notifications are marked as read."), to=_next(request))


def _next(request) -> str:
    """Back where the action was taken (the bell is on every page), if that is a page of this portal."""
    return safe_next(request, request.POST.get("next", ""), fallback=reverse("notifications:list"))
