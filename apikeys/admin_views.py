"""The partner admin's "Authentication services": every partner's API keys and OIDC clients, their details,
and their deactivation with a reason the partner then reads (PRODUCT.md §8). The key itself never appears:
only its prefix exists outside the partner's one-time view."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from pms.permissions import permission_required
from pms.shortcuts import act_and_redirect, confirm_page, page_of

from . import selectors, services
from .admin_forms import AdminDeactivateForm, ApiKeyFilterForm, OidcClientFilterForm
from .models import DeactivationReason

MANAGE = "apikeys.manage_credentials"
BY_ADMIN = DeactivationReason.BY_ADMIN


@permission_required(MANAGE)
def key_list(request):
    form = ApiKeyFilterForm(request.GET or None)
    page = _with_effective_status(page_of(request, selectors.api_keys_for_admin(**form.filters())))
    return render(request, "apikeys/admin/apikey_list.html", {"form": form, "page": page})


@permission_required(MANAGE)
def key_detail(request, code):
    key = selectors.get_api_key_for_admin(code=code)
    return render(request, "apikeys/admin/apikey_detail.html", {
        "key": key, "effective_status": selectors.effective_status(key)})


@permission_required(MANAGE)
def key_deactivate(request, code):
    """GET asks for confirmation and a reason; POST deactivates with that reason, which the partner sees."""
    key = selectors.get_api_key_for_admin(code=code)
    names = {"label": key.label, "organization": key.partner.organization_name}
    form = AdminDeactivateForm(request.POST or None)
    to = reverse("apikeys_admin:key_detail", args=[key.code])
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["reason"]
        return act_and_redirect(
            request, lambda: services.deactivate_api_key(key=key, actor=request.user, reason=BY_ADMIN,
                                                         comment=comment),
            success=_("The API key “%(label)s” of %(organization)s is deactivated.") % names, to=to)
    return confirm_page(
        request, title=_("Deactivate the API key “%(label)s” of %(organization)s?") % names,
        message=_("The key %(prefix)s… stops working at once. The partner sees your reason on the key's page.")
        % {"prefix": key.prefix},
        warning=_("This cannot be undone: a deactivated key can never be activated again."), form=form,
        action_label=_("Deactivate for good"), cancel_url=to,
        details=_details(key, _("Key prefix"), f"{key.prefix}…"))


@permission_required(MANAGE)
def client_list(request):
    form = OidcClientFilterForm(request.GET or None)
    page = _with_effective_status(page_of(request, selectors.oidc_clients_for_admin(**form.filters())))
    return render(request, "apikeys/admin/oidcclient_list.html", {"form": form, "page": page})


@permission_required(MANAGE)
def client_detail(request, code):
    client = selectors.get_oidc_client_for_admin(code=code)
    return render(request, "apikeys/admin/oidcclient_detail.html", {
        "client": client, "effective_status": selectors.effective_status(client)})


@permission_required(MANAGE)
def client_deactivate(request, code):
    """GET asks for confirmation and a reason; POST deactivates with that reason, which the partner sees."""
    client = selectors.get_oidc_client_for_admin(code=code)
    names = {"name": client.name, "organization": client.partner.organization_name}
    form = AdminDeactivateForm(request.POST or None)
    to = reverse("apikeys_admin:client_detail", args=[client.code])
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["reason"]
        return act_and_redirect(
            request, lambda: services.deactivate_oidc_client(client=client, actor=request.user, reason=BY_ADMIN,
                                                             comment=comment),
            success=_("The OIDC client “%(name)s” of %(organization)s is deactivated.") % names, to=to)
    return confirm_page(
        request, title=_("Deactivate the OIDC client “%(name)s” of %(organization)s?") % names,
        message=_("Sign-ins through the client %(client_id)s stop at once. The partner sees your reason on the "
                  "client's page.") % {"client_id": client.client_id},
        warning=_("This cannot be undone: a deactivated client can never be activated again."), form=form,
        action_label=_("Deactivate for good"), cancel_url=to,
        details=_details(client, _("Client ID"), client.client_id))


def _details(credential, id_label, id_value) -> list:
    partner, policy = credential.partner, credential.link.policy
    return [(_("Partner"), f"{partner.organization_name} ({partner.partner_id})"),
            (_("Policy"), f"{policy.name} ({policy.group.name})"), (id_label, id_value)]


def _with_effective_status(page):
    for credential in page.object_list:
        credential.effective_status = selectors.effective_status(credential)
    return page
