"""Small helpers shared by the policy views."""

from django.core.paginator import Paginator
from django.shortcuts import render

from pms.errors import Refused

PAGE_SIZE = 25


def page_of(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def show_refusal(form, refusal: Refused) -> None:
    """A service's refusal on the form: at its field when the form has it, otherwise above the form."""
    form.add_error(refusal.field if refusal.field in form.fields else None, str(refusal.message))


def confirm_page(request, *, title, message, form=None, action_label, cancel_url, danger=True, status=200,
                 details=None):
    """The no-JavaScript confirmation step of an action: a page with the consequences and one POST button."""
    return render(request, "policies/confirm.html", {
        "title": title, "message": message, "form": form, "action_label": action_label,
        "cancel_url": cancel_url, "danger": danger, "details": details or [],
    }, status=status)
