"""The partner's side: its policy group and its policy requests (§2, §5); partners see only their own rows."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pms.errors import Refused
from pms.permissions import has_feature, partner_required
from pms.shortcuts import page_of, show_refusal

from .. import documents, selectors, services
from ..forms import PolicyRequestForm, SelectPolicyGroupForm
from ..forms.linking import OwnLinkFilterForm
from ..models import PolicyLink
from ..portal import request_blocker


def home(request):
    """/policies/: the policies page this user works with."""
    user = request.user
    for allowed, target in [(has_feature(user, "policies"), "policies:my_links"),
                            (user.has_perm("policies.manage_policies"), "policies:policy_list"),
                            (user.has_perm("policies.review_policy_links"), "policies:link_queue")]:
        if allowed:
            return redirect(target)
    raise PermissionDenied


@partner_required(feature="policies")
def select_group(request):
    partner = request.user.partner
    current = selectors.partner_group(partner)
    form = SelectPolicyGroupForm(request.POST or None, groups=selectors.active_policy_groups(),
                                 initial={"group": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.select_policy_group(partner=partner, actor=request.user, **form.cleaned_data)
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("Your policy group is now “%(name)s”.") % {
                "name": form.cleaned_data["group"].name})
            return redirect("policies:my_links")
    locked = current is not None and selectors.has_approved_link(partner)
    return render(request, "policies/select_group.html", {"form": form, "current": current, "locked": locked})


@partner_required(feature="policies")
def my_links(request):
    partner = request.user.partner
    form = OwnLinkFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    return render(request, "policies/my_link_list.html", {
        "form": form, "page": page_of(request, selectors.partner_links(partner=partner, status=status)),
        "group": selectors.partner_group(partner)})


@partner_required(feature="policies")
def request_policy(request):
    partner = request.user.partner
    offered = list(selectors.requestable_policies(partner))
    form = PolicyRequestForm(request.POST or None, offered=offered)
    if request.method == "POST" and form.is_valid():
        try:
            link = services.request_policy(partner=partner, actor=request.user, **form.cleaned_data)
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request,
                             _("Your request for “%(name)s” was sent. A partner admin will review it.")
                             % {"name": link.policy.name})
            return redirect("policies:my_links")
    return render(request, "policies/request_form.html", {
        "form": form, "offered": offered, "group": selectors.partner_group(partner),
        "blocker": request_blocker(partner)})


@partner_required(feature="policies")
def my_link(request, code):
    link = selectors.get_own_link(partner=request.user.partner, code=code)
    return render(request, "policies/my_link_detail.html", {
        "link": link, "document": documents.pretty(link.policy.document),
        "statuses": PolicyLink.Status})

