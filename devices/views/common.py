"""Helpers the devices views share: the decision step of the admin's actions and PEM downloads."""

from django.http import HttpResponse
from django.utils.text import slugify

from certificates.services import record_download
from pms.shortcuts import act_and_redirect, confirm_page


def posted(request):
    """The POST data of a POST (even an empty one, where every field is optional), None otherwise."""
    return request.POST if request.method == "POST" else None


def decision(request, *, form, run, success, to, **page):
    """GET (or an invalid form) shows the confirmation page with `form`; a valid POST runs `run(**data)`."""
    if request.method == "POST" and form.is_valid():
        return act_and_redirect(request, lambda: run(**form.cleaned_data), success=success, to=to)
    return confirm_page(request, form=form, **page)


def pem_download(request, *, certificate, pem: str, what: str, artifact: str) -> HttpResponse:
    """A chip certificate (or its platform-signed copy) as a PEM attachment; the download is audited."""
    chip = certificate.chip
    stem = slugify(f"{chip.provider.partner_id}-{chip.make}-{chip.model}-{what}")
    if not certificate.is_current:
        stem += f"-{certificate.uploaded_at:%Y%m%d}-{certificate.fingerprint_sha256[:8]}"
    record_download(actor=request.user, reference=certificate, artifact=artifact)
    response = HttpResponse(pem, content_type="application/x-pem-file")
    response["Content-Disposition"] = f'attachment; filename="{stem}.pem"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
