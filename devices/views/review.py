"""The partner admin's SBI–devices queue (PRODUCT.md §7, §8): approve, reject with a reason, deactivate."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pms.permissions import permission_required
from pms.shortcuts import confirm_page, page_of

from .. import selectors, services
from ..forms import ApproveForm, DeactivateForm, DeviceQueueFilterForm, RejectForm, SbiQueueFilterForm
from .common import decision, posted
from .sbis import deactivate_sbi_and_report, sbi_deactivation_page

REVIEW = selectors.REVIEW_DEVICES


def _counts() -> dict:
    return {"pending_sbis": selectors.pending_sbi_count(), "pending_devices": selectors.pending_device_count()}


@permission_required(REVIEW)
def review_sbi_list(request):
    form = SbiQueueFilterForm(request.GET or None)
    return render(request, "devices/review/sbi_list.html", {
        "form": form, "page": page_of(request, selectors.sbi_queue(**form.filters())), **_counts()})


@permission_required(REVIEW)
def review_device_list(request):
    form = DeviceQueueFilterForm(request.GET or None)
    return render(request, "devices/review/device_list.html", {
        "form": form, "page": page_of(request, selectors.device_queue(**form.filters())), **_counts()})


@permission_required(REVIEW)
def review_sbi(request, code):
    sbi = selectors.get_sbi(code=code)
    return render(request, "devices/review/sbi_detail.html", {"sbi": sbi, "devices": selectors.sbi_devices(sbi)})


@permission_required(REVIEW)
def approve_sbi(request, code):
    sbi = selectors.get_sbi(code=code)
    return decision(
        request, form=ApproveForm(posted(request)), run=lambda note: services.approve_sbi(
            sbi=sbi, actor=request.user, note=note), success=_("SBI approved."), to=_sbi_url(sbi),
        title=_("Approve SBI %(version)s of %(partner)s?") % {"version": sbi.version,
                                                              "partner": sbi.provider.organization_name},
        message=_("The provider will be able to add devices under this SBI."), action_label=_("Approve"),
        cancel_url=_sbi_url(sbi), danger=False, details=_sbi_details(sbi))


@permission_required(REVIEW)
def reject_sbi(request, code):
    sbi = selectors.get_sbi(code=code)
    return decision(
        request, form=RejectForm(posted(request)), run=lambda reason: services.reject_sbi(
            sbi=sbi, actor=request.user, reason=reason), success=_("SBI rejected."), to=_sbi_url(sbi),
        title=_("Reject SBI %(version)s of %(partner)s?") % {"version": sbi.version,
                                                             "partner": sbi.provider.organization_name},
        message=_("The provider sees your reason."), action_label=_("Reject"), cancel_url=_sbi_url(sbi),
        details=_sbi_details(sbi))


@permission_required(REVIEW)
def deactivate_sbi(request, code):
    sbi = selectors.get_sbi(code=code)
    form = DeactivateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        return deactivate_sbi_and_report(request, sbi, note=form.cleaned_data["note"], to=_sbi_url(sbi))
    return confirm_page(request, form=form, **sbi_deactivation_page(sbi, cancel_url=_sbi_url(sbi)))


@permission_required(REVIEW)
def review_device(request, code):
    return render(request, "devices/review/device_detail.html", {"device": selectors.get_device(code=code)})


@permission_required(REVIEW)
def approve_device(request, code):
    device = selectors.get_device(code=code)
    return decision(
        request, form=ApproveForm(posted(request)), run=lambda note: services.approve_device(
            device=device, actor=request.user, note=note), success=_("Device approved."), to=_device_url(device),
        title=_("Approve the device %(device)s of %(partner)s?") % {
            "device": device, "partner": device.provider.organization_name},
        message=_("The device can then be used with the identity platform."), action_label=_("Approve"),
        cancel_url=_device_url(device), danger=False, details=_device_details(device))


@permission_required(REVIEW)
def reject_device(request, code):
    device = selectors.get_device(code=code)
    return decision(
        request, form=RejectForm(posted(request)), run=lambda reason: services.reject_device(
            device=device, actor=request.user, reason=reason), success=_("Device rejected."),
        to=_device_url(device), title=_("Reject the device %(device)s of %(partner)s?") % {
            "device": device, "partner": device.provider.organization_name},
        message=_("The provider sees your reason."), action_label=_("Reject"), cancel_url=_device_url(device),
        details=_device_details(device))


@permission_required(REVIEW)
def deactivate_device(request, code):
    device = selectors.get_device(code=code)
    return decision(
        request, form=DeactivateForm(posted(request)), run=lambda note: services.deactivate_device(
            device=device, actor=request.user, note=note), success=_("Device deactivated."),
        to=_device_url(device), title=_("Deactivate the device %(device)s of %(partner)s?") % {
            "device": device, "partner": device.provider.organization_name},
        message=_("The device can no longer be used with the identity platform."),
        warning=_("This cannot be undone: a deactivated device can never be activated again."),
        action_label=_("Deactivate for good"), cancel_url=_device_url(device), details=_device_details(device))


def _sbi_url(sbi) -> str:
    return reverse("devices:review_sbi", args=[sbi.code])


def _device_url(device) -> str:
    return reverse("devices:review_device", args=[device.code])


def _sbi_details(sbi) -> list:
    return [(_("Binary hash"), sbi.binary_hash), (_("Creation date"), date_format(sbi.creation_date)),
            (_("Expiry date"), date_format(sbi.expiry_date))]


def _device_details(device) -> list:
    return [(_("SBI version"), device.sbi.version if device.sbi else _("(SBI gone)")),
            (_("Device type"), device.get_device_type_display()),
            (_("Device subtype"), device.get_device_subtype_display())]
