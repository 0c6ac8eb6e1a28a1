"""The partner admin's FTM chips queue (PRODUCT.md §7, §8): approve, reject with a reason, deactivate."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from pms.permissions import permission_required
from pms.shortcuts import page_of

from .. import selectors, services
from ..forms import ApproveForm, ChipQueueFilterForm, DeactivateForm, RejectForm
from .common import decision, posted

REVIEW = selectors.REVIEW_FTM_CHIPS


@permission_required(REVIEW)
def review_chip_list(request):
    form = ChipQueueFilterForm(request.GET or None)
    return render(request, "devices/review/chip_list.html", {
        "form": form, "page": page_of(request, selectors.chip_queue(**form.filters())),
        "pending": selectors.pending_chip_count()})


@permission_required(REVIEW)
def review_chip(request, code):
    chip = selectors.get_chip(code=code)
    certificates = selectors.chip_certificates(chip)
    return render(request, "devices/review/chip_detail.html", {
        "chip": chip, "current": next((c for c in certificates if c.is_current), None),
        "previous": [c for c in certificates if not c.is_current]})


@permission_required(REVIEW)
def approve_chip(request, code):
    chip = selectors.get_chip(code=code)
    return decision(
        request, form=ApproveForm(posted(request)), run=lambda note: services.approve_chip(
            chip=chip, actor=request.user, note=note), success=_("FTM chip approved."), to=_url(chip),
        title=_("Approve the FTM chip %(chip)s of %(partner)s?") % _names(chip),
        message=_("The chip and its certificate can then be used with the identity platform."),
        action_label=_("Approve"), cancel_url=_url(chip), danger=False)


@permission_required(REVIEW)
def reject_chip(request, code):
    chip = selectors.get_chip(code=code)
    return decision(
        request, form=RejectForm(posted(request)), run=lambda reason: services.reject_chip(
            chip=chip, actor=request.user, reason=reason), success=_("FTM chip rejected."), to=_url(chip),
        title=_("Reject the FTM chip %(chip)s of %(partner)s?") % _names(chip),
        message=_("The provider sees your reason."), action_label=_("Reject"), cancel_url=_url(chip))


@permission_required(REVIEW)
def deactivate_chip(request, code):
    chip = selectors.get_chip(code=code)
    return decision(
        request, form=DeactivateForm(posted(request)), run=lambda note: services.deactivate_chip(
            chip=chip, actor=request.user, note=note), success=_("FTM chip deactivated."), to=_url(chip),
        title=_("Deactivate the FTM chip %(chip)s of %(partner)s?") % _names(chip),
        message=_("The chip and its certificate can no longer be used with the identity platform."),
        warning=_("This cannot be undone: a deactivated chip can never be activated again."),
        action_label=_("Deactivate for good"), cancel_url=_url(chip))


def _url(chip) -> str:
    return reverse("devices:review_chip", args=[chip.code])


def _names(chip) -> dict:
    return {"chip": chip, "partner": chip.provider.organization_name}
