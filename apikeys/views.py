from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from pms import once
from pms.errors import Refused
from pms.permissions import partner_required
from pms.shortcuts import act_and_redirect, confirm_page, page_of, show_refusal
from policies.selectors import approved_links

from . import rows, selectors, services
from .forms import ApiKeyFilterForm, ApiKeyForm, OidcClientEditForm, OidcClientForm


@partner_required(feature="apikeys")
def key_list(request):
    partner = request.user.partner
    links = selectors.partner_link_policies(partner)
    filters = ApiKeyFilterForm(request.GET or None, policies=links.values())
    params = filters.cleaned_data if filters.is_valid() else {}
    page = rows.page_of_keys(request, partner=partner, **params)
    page.object_list = rows.key_rows(page.object_list, partner=partner, links=links)
    legacy = [key.expires_at for key in page.object_list if key.legacy and key.effective_status == "active"]
    return render(request, "apikeys/apikey_list.html", {
        "page": page, "rows": rows.rows_html(page.object_list), "filters": filters,
        "filters_html": rows.filters_html(filters),
        "can_generate": any(link.status == "approved" for link in links.values()),
        "legacy_expiry": min(legacy, default=None)})


@never_cache
@partner_required(feature="apikeys")
def generate_key(request):
    """POST → redirect → the key shown once (pms.once), so that a reload never submits the form again."""
    partner = request.user.partner
    form = ApiKeyForm(request.POST or None, links=approved_links(partner),
                      initial={"link": _initial_link(request, partner)})
    if request.method == "POST" and form.is_valid():
        try:
            key, plaintext = services.generate_api_key(partner=partner, actor=request.user, **form.cleaned_data)
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            once.hold(request, kind="api_key", reference=str(key.code), secret=plaintext)
            return redirect("apikeys:created", code=key.code)
    return render(request, "apikeys/apikey_form.html", {"form": form})


@never_cache
@partner_required(feature="apikeys")
def key_created(request, code):
    """The new key, exactly once: a reload (or a second tab) says it was already shown."""
    key = selectors.get_own_api_key(partner=request.user.partner, code=code)
    plaintext = once.take(request, kind="api_key", reference=str(key.code))
    return render(request, "apikeys/apikey_created.html", {"key": key, "plaintext": plaintext})


@partner_required(feature="apikeys")
def key_detail(request, code):
    key = selectors.get_own_api_key(partner=request.user.partner, code=code)
    return render(request, "apikeys/apikey_detail.html", {
        "key": key, "effective_status": selectors.effective_status(key), "usage": selectors.key_usage(key)})


@partner_required(feature="apikeys")
def deactivate_key(request, code):
    """GET asks for confirmation (the action is irreversible); POST deactivates."""
    key = selectors.get_own_api_key(partner=request.user.partner, code=code)
    if request.method == "POST":
        return act_and_redirect(
            request, lambda: services.deactivate_api_key(key=key, actor=request.user),
            success=_("The API key “%(label)s” is deactivated.") % {"label": key.label},
            to=reverse("apikeys:detail", args=[key.code]))
    return confirm_page(
        request, title=_("Deactivate the API key “%(label)s”?") % {"label": key.label},
        message=_("The key %(prefix)s… stops working at once. You can generate a new key afterwards.") % {
            "prefix": key.prefix},
        warning=_("This cannot be undone: a deactivated key can never be activated again."),
        action_label=_("Deactivate for good"), cancel_url=reverse("apikeys:detail", args=[key.code]))


@partner_required(feature="oidc")
def client_list(request):
    clients = selectors.partner_oidc_clients(partner=request.user.partner, status=request.GET.get("status", ""))
    page = page_of(request, clients)
    for client in page.object_list:
        client.effective_status = selectors.effective_status(client)
    return render(request, "apikeys/oidcclient_list.html", {"page": page})


@partner_required(feature="oidc")
def create_client(request):
    partner = request.user.partner
    form = OidcClientForm(request.POST or None, links=approved_links(partner),
                          initial={"link": _initial_link(request, partner)})
    if request.method == "POST" and form.is_valid():
        try:
            client = services.create_oidc_client(partner=partner, actor=request.user, **form.cleaned_data)
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The OIDC client “%(name)s” is created.") % {"name": client.name})
            return redirect("apikeys:client_detail", code=client.code)
    return render(request, "apikeys/oidcclient_form.html", {"form": form})


@partner_required(feature="oidc")
def client_detail(request, code):
    client = selectors.get_own_oidc_client(partner=request.user.partner, code=code)
    return render(request, "apikeys/oidcclient_detail.html", {
        "client": client, "effective_status": selectors.effective_status(client)})


@partner_required(feature="oidc")
def edit_client(request, code):
    client = selectors.get_own_oidc_client(partner=request.user.partner, code=code)
    initial = {"name": client.name, "logo_uri": client.logo_uri, "redirect_uris": "\n".join(client.redirect_uris)}
    form = OidcClientEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_oidc_client(client=client, actor=request.user, **form.cleaned_data)
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The OIDC client is saved."))
            return redirect("apikeys:client_detail", code=client.code)
    return render(request, "apikeys/oidcclient_edit.html", {"form": form, "client": client})


@partner_required(feature="oidc")
def deactivate_client(request, code):
    client = selectors.get_own_oidc_client(partner=request.user.partner, code=code)
    if request.method == "POST":
        return act_and_redirect(
            request, lambda: services.deactivate_oidc_client(client=client, actor=request.user),
            success=_("The OIDC client “%(name)s” is deactivated.") % {"name": client.name},
            to=reverse("apikeys:client_detail", args=[client.code]))
    return confirm_page(
        request, title=_("Deactivate the OIDC client “%(name)s”?") % {"name": client.name},
        message=_("Sign-ins through the client %(client_id)s stop at once.") % {"client_id": client.client_id},
        warning=_("This cannot be undone: a deactivated client can never be activated again."),
        action_label=_("Deactivate for good"), cancel_url=reverse("apikeys:client_detail", args=[client.code]))


def _initial_link(request, partner):
    wanted = request.GET.get("link", "")
    return next((link.pk for link in approved_links(partner) if str(link.code) == wanted), None)
