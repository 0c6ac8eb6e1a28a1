"""Policy groups and policies: the pages of policy managers and partner admins (§4)."""

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pms.errors import Refused
from pms.permissions import permission_required
from pms.shortcuts import act_and_redirect, confirm_page, page_of, show_refusal

from .. import documents, selectors, services
from ..forms import (
    ClonePolicyForm,
    DeactivateForm,
    PolicyFilterForm,
    PolicyForm,
    PolicyGroupFilterForm,
    PolicyGroupForm,
)
from ..models import PolicyGroup, PolicyType

MANAGE = "policies.manage_policies"


# --- Policy groups ----------------------------------------------------------------------------------------

@permission_required(MANAGE)
def group_list(request):
    form = PolicyGroupFilterForm(request.GET or None)
    page = page_of(request, selectors.policy_groups(**form.filters()))
    return render(request, "policies/group_list.html", {"form": form, "page": page})


@permission_required(MANAGE)
def group_create(request):
    form = PolicyGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_policy_group(actor=request.user, **form.cleaned_data)
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("Policy group “%(name)s” created.") % {"name": group.name})
            return redirect(group)
    return render(request, "policies/group_form.html", {"form": form})


@permission_required(MANAGE)
def group_detail(request, code):
    group = selectors.get_policy_group(code=code)
    return render(request, "policies/group_detail.html", {
        "group": group, "policies": selectors.policies(group=group), "policy_types": PolicyType.choices})


@permission_required(MANAGE)
def group_edit(request, code):
    group = selectors.get_policy_group(code=code)
    form = PolicyGroupForm(request.POST or None, initial={"name": group.name,
                                                          "description": group.description})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_policy_group(group=group, actor=request.user, **form.cleaned_data)
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("Policy group saved."))
            return redirect(group)
    return render(request, "policies/group_form.html", {"form": form, "group": group})


@permission_required(MANAGE)
def group_deactivate(request, code):
    group = selectors.get_policy_group(code=code)
    if request.method != "POST":
        return confirm_page(
            request, title=_("Deactivate the policy group “%(name)s”?") % {"name": group.name},
            message=_("Partners can no longer select a deactivated group. A group can be deactivated "
                      "only when none of its policies is published."),
            action_label=_("Deactivate group"), cancel_url=group.get_absolute_url())
    return act_and_redirect(request, lambda: services.deactivate_policy_group(group=group, actor=request.user),
                            success=_("Policy group deactivated."), to=group)


@require_POST
@permission_required(MANAGE)
def group_activate(request, code):
    group = selectors.get_policy_group(code=code)
    return act_and_redirect(request, lambda: services.activate_policy_group(group=group, actor=request.user),
                            success=_("Policy group activated."), to=group)


# --- Policies --------------------------------------------------------------------------------------------

@permission_required(MANAGE)
def policy_list(request):
    form = PolicyFilterForm(request.GET or None)
    page = page_of(request, selectors.policies(**form.filters()))
    return render(request, "policies/policy_list.html", {
        "form": form, "page": page, "policy_types": PolicyType.choices})


@permission_required(MANAGE)
def policy_create(request, policy_type):
    if policy_type not in PolicyType.values:
        raise Http404
    group = PolicyGroup.objects.filter(code=_uuid_or_none(request.GET.get("group")), is_active=True).first()
    form = PolicyForm(request.POST or None, policy_type=policy_type,
                      base=documents.starter_document(policy_type),
                      groups=selectors.active_policy_groups(), initial={"group": group})
    if request.method == "POST" and form.is_valid():
        try:
            policy = services.create_policy(policy_type=policy_type, actor=request.user, **form.cleaned_data)
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("Draft policy “%(name)s” created.") % {"name": policy.name})
            return redirect(policy)
    return render(request, "policies/policy_form.html", {
        "form": form, "policy_type": PolicyType(policy_type)})


@permission_required(MANAGE)
def policy_detail(request, code):
    policy = selectors.get_policy(code=code)
    return render(request, "policies/policy_detail.html", {
        "policy": policy, "document": documents.pretty(policy.document),
        "history": selectors.policy_history(policy), "active_links": selectors.active_link_count(policy)})


@permission_required(MANAGE)
def policy_edit(request, code):
    policy = selectors.get_policy(code=code)
    if not policy.is_draft:
        messages.error(request, _("Only draft policies can be edited. Clone this policy to change it."))
        return redirect(policy)
    groups = selectors.active_policy_groups() | PolicyGroup.objects.filter(pk=policy.group_id)
    form = PolicyForm(request.POST or None, policy_type=policy.policy_type, base=policy.document,
                      groups=groups, initial={"group": policy.group, "name": policy.name,
                                              "description": policy.description})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_policy(policy=policy, actor=request.user, **form.cleaned_data)
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("Policy saved."))
            return redirect(policy)
    return render(request, "policies/policy_form.html", {
        "form": form, "policy": policy, "policy_type": PolicyType(policy.policy_type)})


@permission_required(MANAGE)
def policy_publish(request, code):
    policy = selectors.get_policy(code=code)
    if request.method != "POST":
        return confirm_page(
            request, title=_("Publish the policy “%(name)s”?") % {"name": policy.name},
            message=_("Partners of the group “%(group)s” will be able to request it. A published policy "
                      "can no longer be edited.") % {"group": policy.group.name},
            action_label=_("Publish"), cancel_url=policy.get_absolute_url(), danger=False)
    return act_and_redirect(request, lambda: services.publish_policy(policy=policy, actor=request.user),
                            success=_("Policy published."), to=policy)


@permission_required(MANAGE)
def policy_deactivate(request, code):
    policy = selectors.get_policy(code=code)
    form = DeactivateForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return confirm_page(
            request, title=_("Deactivate the policy “%(name)s”?") % {"name": policy.name}, form=form,
            message=_("Partners can no longer request it. This cannot be undone; a policy with approved "
                      "partner links cannot be deactivated."),
            action_label=_("Deactivate policy"), cancel_url=policy.get_absolute_url())
    reason = form.cleaned_data["reason"]
    return act_and_redirect(
        request, lambda: services.deactivate_policy(policy=policy, actor=request.user, reason=reason),
        success=_("Policy deactivated."), to=policy)


@permission_required(MANAGE)
def policy_clone(request, code):
    policy = selectors.get_policy(code=code)
    form = ClonePolicyForm(request.POST or None,
                           initial={"group": policy.group if policy.group.is_active else None})
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.clone_policy(policy=policy, actor=request.user, **form.cleaned_data)
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("Policy cloned as the draft “%(name)s”.") % {"name": copy.name})
            return redirect(copy)
    return render(request, "policies/policy_clone.html", {"form": form, "policy": policy})


@permission_required(MANAGE)
def policy_document(request, code):
    """The document as a JSON file, e.g. to load it into another platform."""
    policy = selectors.get_policy(code=code)
    response = HttpResponse(documents.pretty(policy.document), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="policy-{policy.code}.json"'
    return response


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
