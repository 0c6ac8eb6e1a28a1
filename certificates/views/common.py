"""Helpers shared by the certificate views: the partner-or-admin check and PEM downloads."""

from django.http import HttpResponse

from pms.permissions import partner_or_permission_required

from .. import services

TRUST_STORE = "certificates.manage_trust_store"
PARTNER_CERTIFICATES = "certificates.manage_partner_certificates"


partner_or_certificate_admin = partner_or_permission_required(PARTNER_CERTIFICATES)


def pem_download(request, *, pem: str, filename: str, reference, artifact: str) -> HttpResponse:
    """A PEM file as an attachment; the download is audited."""
    services.record_download(actor=request.user, reference=reference, artifact=artifact)
    response = HttpResponse(pem, content_type="application/x-pem-file")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
