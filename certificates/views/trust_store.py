"""The trust store pages (§3.1), for users who may manage it."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pms.errors import Refused
from pms.permissions import permission_required
from pms.shortcuts import act_and_redirect, show_refusal

from .. import rows, selectors, services
from ..forms import CAFilterForm, CAUploadForm
from .common import TRUST_STORE, pem_download


@permission_required(TRUST_STORE)
def ca_list(request):
    form = CAFilterForm(request.GET or None)
    filters = form.filters()
    page = rows.ca_page(request, filters)
    filtered = any(key != "sort" for key in filters)
    return render(request, "certificates/ca_list.html", {
        "form": form, "page": page, "rows": rows.rows_html(page.object_list), "filtered": filtered})


@permission_required(TRUST_STORE)
def ca_upload(request):
    """One CA certificate (→ its page), or a bundle (→ the report of each certificate, §3.1)."""
    form = CAUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        filename, data = form.file_content()
        upload = services.upload_ca_bundle if services.is_ca_bundle(data, filename) else \
            services.upload_ca_certificate
        try:
            result = upload(domain=form.cleaned_data["domain"], data=data, filename=filename,
                            actor=request.user)
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            return _uploaded(request, result)
    return render(request, "certificates/ca_upload.html", {
        "form": form, "min_days": settings.CA_CERT_MIN_VALIDITY_DAYS})


def _uploaded(request, result):
    # A bundle's report is rendered in answer to the POST: reloading it uploads the same file again,
    # which changes nothing (each certificate is then "already present").
    if isinstance(result, services.BundleReport):
        return render(request, "certificates/ca_bundle_result.html", {"report": result})
    messages.success(request, _("The %(kind)s CA certificate “%(name)s” was added to the %(domain)s trust "
                                "store.") % {
        "kind": result.get_kind_display().lower(), "name": result.display_name, "domain": result.domain})
    return redirect(result)


@permission_required(TRUST_STORE)
def ca_detail(request, code):
    ca = selectors.get_ca_certificate(code=code)
    return render(request, "certificates/ca_detail.html", {
        "ca": ca, "chain": selectors.ca_chain(ca), "children": selectors.ca_children(ca),
    })


@permission_required(TRUST_STORE)
def ca_download(request, code):
    ca = selectors.get_ca_certificate(code=code)
    return pem_download(request, pem=ca.pem, filename=f"{_file_stem(ca)}.pem", reference=ca,
                        artifact="ca_certificate")


@permission_required(TRUST_STORE)
def ca_download_chain(request, code):
    """The PEM bundle from this CA up to its root (§3.1 "Download certificate chain")."""
    ca = selectors.get_ca_certificate(code=code)
    bundle = "".join(member.pem for member in selectors.ca_chain(ca))
    return pem_download(request, pem=bundle, filename=f"{_file_stem(ca)}-chain.pem", reference=ca,
                        artifact="ca_certificate_chain")


@permission_required(TRUST_STORE)
def ca_deactivate(request, code):
    """GET asks for confirmation; POST deactivates (works without JavaScript)."""
    ca = selectors.get_ca_certificate(code=code)
    if request.method == "POST":
        return act_and_redirect(
            request, lambda: services.deactivate_ca_certificate(ca=ca, actor=request.user),
            success=_("The CA certificate “%(name)s” is deactivated; certificates that chain through it "
                      "are flagged.") % {"name": ca.display_name}, to=ca)
    below = selectors.ca_descendants(ca)
    return render(request, "certificates/ca_deactivate.html", {
        "ca": ca, "flagged_cas": len(below),
        "flagged_partners": selectors.partner_certificates_under(ca, below),
    })


def _file_stem(ca) -> str:
    return f"{ca.domain.lower()}-{ca.kind}-ca-{ca.fingerprint_sha256[:16]}"
