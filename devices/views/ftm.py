"""An FTM chip provider's chips (PRODUCT.md §7): register, upload the certificate, download, deactivate."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from certificates.selectors import has_valid_partner_certificate
from pms.errors import Refused
from pms.permissions import partner_or_permission_required, partner_required
from pms.shortcuts import act_and_redirect, confirm_page, page_of, show_refusal

from .. import selectors, services
from ..forms import ChipCertificateForm, ChipFilterForm, ChipForm
from .common import pem_download

provider_required = partner_required(feature="ftm")
provider_or_reviewer = partner_or_permission_required(selectors.REVIEW_FTM_CHIPS)


@provider_required
def chip_list(request):
    partner = request.user.partner
    form = ChipFilterForm(request.GET or None)
    return render(request, "devices/chip_list.html", {
        "form": form, "page": page_of(request, selectors.provider_chips(partner=partner, **form.filters())),
        "can_register": has_valid_partner_certificate(partner)})


@provider_required
def create_chip(request):
    partner = request.user.partner
    form = ChipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            chip = services.create_chip(provider=partner, actor=request.user, **form.cleaned_data)
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The FTM chip %(chip)s is registered. Upload its certificate to send it "
                                        "for approval.") % {"chip": chip})
            return redirect("devices:chip_certificate_upload", code=chip.code)
    return render(request, "devices/chip_form.html", {
        "form": form, "can_register": has_valid_partner_certificate(partner)})


@provider_required
def chip_detail(request, code):
    chip = selectors.get_own_chip(partner=request.user.partner, code=code)
    certificates = selectors.chip_certificates(chip)
    return render(request, "devices/chip_detail.html", {
        "chip": chip, "current": next((c for c in certificates if c.is_current), None),
        "previous": [c for c in certificates if not c.is_current], "own": True})


@provider_required
def upload_chip_certificate(request, code):
    chip = selectors.get_own_chip(partner=request.user.partner, code=code)
    form = ChipCertificateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        filename, data = form.file_content()
        try:
            services.upload_chip_certificate(chip=chip, data=data, filename=filename, actor=request.user)
        except Refused as refusal:
            form.add_error("certificate", refusal.message)
        else:
            messages.success(request, _("The certificate was accepted and its platform-signed certificate was "
                                        "issued. The chip now waits for a partner admin's approval."))
            return redirect(chip)
    return render(request, "devices/chip_certificate_form.html", {
        "chip": chip, "form": form, "current": selectors.current_chip_certificate(chip)})


@provider_required
def deactivate_chip(request, code):
    chip = selectors.get_own_chip(partner=request.user.partner, code=code)
    if request.method == "POST":
        return act_and_redirect(
            request, lambda: services.deactivate_chip(chip=chip, actor=request.user),
            success=_("The FTM chip %(chip)s is deactivated.") % {"chip": chip}, to=chip)
    return confirm_page(
        request, title=_("Deactivate the FTM chip %(chip)s?") % {"chip": chip},
        message=_("The chip and its certificate can no longer be used with the identity platform."),
        warning=_("This cannot be undone: a deactivated chip can never be activated again."),
        action_label=_("Deactivate for good"), cancel_url=chip.get_absolute_url())


@provider_or_reviewer
def download_chip_certificate(request, code):
    """The chip's CA-signed certificate as uploaded."""
    certificate = selectors.get_chip_certificate_for(user=request.user, code=code)
    return pem_download(request, certificate=certificate, pem=certificate.pem, what="ftm-ca-signed",
                        artifact="ca_signed_ftm_chip_certificate")


@provider_or_reviewer
def download_chip_platform_signed(request, code):
    certificate = selectors.get_chip_certificate_for(user=request.user, code=code)
    return pem_download(request, certificate=certificate, pem=certificate.platform_signed.pem,
                        what="ftm-platform-signed", artifact="platform_signed_ftm_chip_certificate")
