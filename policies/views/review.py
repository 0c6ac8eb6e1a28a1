"""The partner admin's queue of policy requests: approve, reject, deactivate (§5)."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from pms.permissions import permission_required
from pms.shortcuts import act_and_redirect, confirm_page

from .. import documents, rows, selectors, services
from ..forms import ApproveLinkForm, DeactivateLinkForm, LinkFilterForm, RejectLinkForm

REVIEW = "policies.review_policy_links"


@permission_required(REVIEW)
def link_queue(request):
    form = LinkFilterForm(request.GET or None)
    page = rows.queue_page(request, **form.filters())
    return render(request, "policies/link_queue.html", {
        "form": form, "page": page, "rows": rows.rows_html(page.object_list),
        "pending": selectors.pending_link_count()})


@permission_required(REVIEW)
def link_detail(request, code):
    link = selectors.get_link(code=code)
    return render(request, "policies/link_detail.html", {
        "link": link, "document": documents.pretty(link.policy.document)})


@permission_required(REVIEW)
def link_approve(request, code):
    link = selectors.get_link(code=code)
    form = ApproveLinkForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return confirm_page(
            request, title=_("Approve the request of %(partner)s for “%(policy)s”?") % {
                "partner": link.partner.organization_name, "policy": link.policy.name},
            message=_("The partner will be able to create credentials for this policy and is told by "
                      "email."),
            form=form, action_label=_("Approve"), cancel_url=link.get_absolute_url(), danger=False,
            details=[(_("Purpose"), link.purpose)])
    return _decide(request, link, services.approve_link, _("Request approved."),
                   note=form.cleaned_data["note"])


@permission_required(REVIEW)
def link_reject(request, code):
    link = selectors.get_link(code=code)
    form = RejectLinkForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return confirm_page(
            request, title=_("Reject the request of %(partner)s for “%(policy)s”?") % {
                "partner": link.partner.organization_name, "policy": link.policy.name},
            message=_("The partner sees your reason and is told by email."), form=form,
            action_label=_("Reject"), cancel_url=link.get_absolute_url(),
            details=[(_("Purpose"), link.purpose)])
    return _decide(request, link, services.reject_link, _("Request rejected."),
                   comment=form.cleaned_data["comment"])


@permission_required(REVIEW)
def link_deactivate(request, code):
    link = selectors.get_link(code=code)
    form = DeactivateLinkForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return confirm_page(
            request, title=_("Deactivate the link of %(partner)s to “%(policy)s”?") % {
                "partner": link.partner.organization_name, "policy": link.policy.name},
            message=_("The partner's credentials for this policy stop working at once. This cannot be "
                      "undone."),
            form=form, action_label=_("Deactivate link"), cancel_url=link.get_absolute_url())
    return _decide(request, link, services.deactivate_link, _("Link deactivated."),
                   reason=form.cleaned_data["reason"])


def _decide(request, link, service, success: str, **kwargs):
    return act_and_redirect(request, lambda: service(link=link, actor=request.user, **kwargs), success=success,
                            to=link)
