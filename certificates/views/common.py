"""Helpers shared by the certificate views: the partner-or-admin check and PEM downloads."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse

from pms.permissions import is_partner

from .. import services

TRUST_STORE = "certificates.manage_trust_store"
PARTNER_CERTIFICATES = "certificates.manage_partner_certificates"


def partner_or_certificate_admin(view):
    """403 unless the user is a partner or may manage any partner's certificates.

    Which partner's rows the user may reach is then decided by the scoped selectors (404 otherwise).
    """
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (is_partner(request.user) or request.user.has_perm(PARTNER_CERTIFICATES)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def pem_download(request, *, pem: str, filename: str, reference, artifact: str) -> HttpResponse:
    """A PEM file as an attachment; the download is audited."""
    services.record_download(actor=request.user, reference=reference, artifact=artifact)
    response = HttpResponse(pem, content_type="application/x-pem-file")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
