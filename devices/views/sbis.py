"""A device provider's SBIs and devices (PRODUCT.md §7): register, follow the approval, add, deactivate."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certificates.selectors import has_valid_partner_certificate
from pms.errors import Refused
from pms.permissions import partner_required
from pms.shortcuts import act_and_redirect, confirm_page, page_of, show_refusal

from .. import selectors, services
from ..forms import SbiFilterForm, SbiForm, device_formset

provider_required = partner_required(feature="sbi")


@provider_required
def sbi_list(request):
    partner = request.user.partner
    form = SbiFilterForm(request.GET or None)
    return render(request, "devices/sbi_list.html", {
        "form": form, "page": page_of(request, selectors.provider_sbis(partner=partner, **form.filters())),
        "can_register": has_valid_partner_certificate(partner)})


@provider_required
def register_sbi(request):
    partner = request.user.partner
    form = SbiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sbi = services.register_sbi(provider=partner, actor=request.user, **form.cleaned_data)
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("SBI %(version)s is submitted for approval. A partner admin will review "
                                        "it.") % {"version": sbi.version})
            return redirect(sbi)
    return render(request, "devices/sbi_form.html", {
        "form": form, "can_register": has_valid_partner_certificate(partner)})


@provider_required
def sbi_detail(request, code):
    sbi = selectors.get_own_sbi(partner=request.user.partner, code=code)
    return render(request, "devices/sbi_detail.html", {"sbi": sbi, "devices": selectors.sbi_devices(sbi)})


@provider_required
def add_devices(request, code):
    """Up to 25 devices in one submission; `?rows=N` shows more empty rows without JavaScript."""
    sbi = selectors.get_own_sbi(partner=request.user.partner, code=code)
    formset = device_formset(request.POST or None, rows=_rows(request))
    if request.method == "POST" and formset.is_valid():
        rows = [form.row() for form in formset.filled_forms()]
        try:
            devices = services.add_devices(sbi=sbi, rows=rows, actor=request.user)
        except Refused as refusal:
            formset.show_refusal(refusal)
        else:
            messages.success(request, ngettext("%(count)s device is submitted for approval.",
                                               "%(count)s devices are submitted for approval.",
                                               len(devices)) % {"count": len(devices)})
            return redirect(sbi)
    return render(request, "devices/device_form.html", {
        "sbi": sbi, "formset": formset, "more_rows": min(formset.total_form_count() + 5,
                                                         services.MAX_DEVICES_PER_SUBMISSION),
        "max_rows": services.MAX_DEVICES_PER_SUBMISSION})


def _rows(request) -> int:
    try:
        return int(request.GET.get("rows", 1))
    except ValueError:
        return 1


@provider_required
def deactivate_sbi(request, code):
    sbi = selectors.get_own_sbi(partner=request.user.partner, code=code)
    if request.method == "POST":
        return deactivate_sbi_and_report(request, sbi, note="", to=sbi)
    return confirm_page(request, **sbi_deactivation_page(sbi, cancel_url=sbi.get_absolute_url()))


def deactivate_sbi_and_report(request, sbi, *, note: str, to):
    """Deactivate, then say what happened to the devices (the admin's page uses it too)."""
    try:
        cascade = services.deactivate_sbi(sbi=sbi, actor=request.user, note=note)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, " ".join([
            _("SBI %(version)s is deactivated.") % {"version": sbi.version},
            ngettext("%(count)s approved device was deactivated.", "%(count)s approved devices were deactivated.",
                     cascade.deactivated) % {"count": cascade.deactivated},
            ngettext("%(count)s pending device was rejected.", "%(count)s pending devices were rejected.",
                     cascade.rejected) % {"count": cascade.rejected}]))
    return redirect(to)


def sbi_deactivation_page(sbi, *, cancel_url: str) -> dict:
    """The confirmation says what happens to the SBI's devices (§7)."""
    cascade = services.cascade_preview(sbi)
    return {
        "title": _("Deactivate SBI %(version)s?") % {"version": sbi.version},
        "message": " ".join([
            ngettext("%(count)s approved device will be deactivated.",
                     "%(count)s approved devices will be deactivated.", cascade.deactivated)
            % {"count": cascade.deactivated},
            ngettext("%(count)s pending device will be rejected.", "%(count)s pending devices will be rejected.",
                     cascade.rejected) % {"count": cascade.rejected}]),
        "warning": _("This cannot be undone: a deactivated SBI and its devices can never be activated again."),
        "action_label": _("Deactivate for good"), "cancel_url": cancel_url,
        "details": [(_("SBI version"), sbi.version), (_("Expiry date"), date_format(sbi.expiry_date))],
    }


@provider_required
def deactivate_device(request, code):
    device = selectors.get_own_device(partner=request.user.partner, code=code)
    back = device.sbi.get_absolute_url() if device.sbi else reverse("devices:sbi_list")
    if request.method == "POST":
        return act_and_redirect(
            request, lambda: services.deactivate_device(device=device, actor=request.user),
            success=_("The device %(device)s is deactivated.") % {"device": device}, to=back)
    return confirm_page(
        request, title=_("Deactivate the device %(device)s?") % {"device": device},
        message=_("The device can no longer be used with the identity platform."),
        warning=_("This cannot be undone: a deactivated device can never be activated again."),
        action_label=_("Deactivate for good"), cancel_url=back)
