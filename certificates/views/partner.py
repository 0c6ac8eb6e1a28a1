"""Partner certificate pages (§3.3): the partner for itself, a certificate admin for any partner."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pms.errors import Refused
from pms.permissions import partner_required

from .. import selectors, services
from ..forms import CertificateFileForm
from .common import partner_or_certificate_admin, pem_download


@partner_required
def my_certificate(request):
    return _certificate_page(request, request.user.partner)


@partner_or_certificate_admin
def partner_certificates(request, partner_code):
    return _certificate_page(request, selectors.get_partner_for(user=request.user, code=partner_code))


def _certificate_page(request, partner):
    history = list(selectors.partner_certificates(partner=partner))
    return render(request, "certificates/partner_certificate.html", {
        "partner": partner, "current": next((c for c in history if c.is_current), None),
        "previous": [c for c in history if not c.is_current], "own": request.user.partner_id == partner.pk,
        "root_available": selectors.has_active_root(partner.domain),
    })


@partner_or_certificate_admin
def upload_partner_certificate(request, partner_code):
    partner = selectors.get_partner_for(user=request.user, code=partner_code)
    form = CertificateFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        filename, data = form.file_content()
        try:
            services.upload_partner_certificate(partner=partner, data=data, filename=filename,
                                                actor=request.user)
        except Refused as refusal:
            form.add_error("certificate", refusal.message)
        else:
            messages.success(request, _("The certificate was accepted and the platform-signed certificate "
                                        "was issued. Both can be downloaded below."))
            if request.user.partner_id == partner.pk:
                return redirect("certificates:my_certificate")
            return redirect("certificates:partner_certificates", partner_code=partner.code)
    return render(request, "certificates/partner_upload.html", {
        "form": form, "partner": partner, "own": request.user.partner_id == partner.pk,
        "root_available": selectors.has_active_root(partner.domain),
        "min_days": settings.PARTNER_CERT_MIN_VALIDITY_DAYS,
    })


@partner_or_certificate_admin
def download_partner_certificate(request, code):
    """The CA-signed partner certificate as uploaded."""
    certificate = selectors.get_partner_certificate_for(user=request.user, code=code)
    return pem_download(request, pem=certificate.pem, filename=_filename(certificate, "ca-signed"),
                        reference=certificate, artifact="ca_signed_partner_certificate")


@partner_or_certificate_admin
def download_platform_signed(request, code):
    certificate = selectors.get_partner_certificate_for(user=request.user, code=code)
    signed = certificate.platform_signed
    return pem_download(request, pem=signed.pem, filename=_filename(certificate, "platform-signed"),
                        reference=signed, artifact="platform_signed_certificate")


def portal_ca_download(request):
    """The portal CA certificates (signing intermediates and root), to verify platform-signed certificates.

    Only read here: `migrate` and `create_portal_ca` create the CA (a GET never writes).
    """
    certificates = selectors.portal_ca_certificates()
    if not certificates:
        raise Http404(_("The portal's certificate authority is not set up yet."))
    bundle = "".join(c.certificate_pem for c in certificates)
    return pem_download(request, pem=bundle, filename="portal-ca-certificates.pem", reference=certificates[0],
                        artifact="portal_ca_certificates")


def _filename(certificate, what: str) -> str:
    stem = f"{certificate.partner.partner_id}-{what}"
    if not certificate.is_current:
        stem += f"-{certificate.uploaded_at:%Y%m%d}-{certificate.fingerprint_sha256[:8]}"
    return f"{stem}.pem"
