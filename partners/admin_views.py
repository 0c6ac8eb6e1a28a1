"""The partner admin's pages about partners: list, detail, deactivation (PRODUCT.md §8).

Other apps add their blocks to the detail page (certificates, policy links, credentials) through
`pms.portal.render_partner_sections("admin", …)`, so this module never imports them.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from pms.permissions import permission_required
from pms.portal import render_partner_sections
from pms.shortcuts import act_and_redirect

from . import rows, services
from .admin_forms import DeactivatePartnerForm, PartnerFilterForm
from .selectors import get_partner_for_admin, partner_users

MANAGE = "partners.manage_partners"


@permission_required(MANAGE)
def partner_list(request):
    form = PartnerFilterForm(request.GET or None)
    page = rows.partner_page(request, **form.filters())
    return render(request, "partners/admin/partner_list.html", {
        "form": form, "page": page, "rows": rows.rows_html(page.object_list)})


@permission_required(MANAGE)
def partner_detail(request, code):
    partner = get_partner_for_admin(code=code)
    return render(request, "partners/admin/partner_detail.html", {
        "partner": partner, "users": partner_users(partner),
        "sections": render_partner_sections("admin", partner, request)})


@permission_required(MANAGE)
def partner_deactivate(request, code):
    partner = get_partner_for_admin(code=code)
    form = DeactivatePartnerForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "partners/admin/partner_deactivate.html", {"partner": partner, "form": form})
    return act_and_redirect(
        request, lambda: services.deactivate_partner(partner=partner, actor=request.user,
                                                     reason=form.cleaned_data["reason"]),
        success=_("%(organization)s is deactivated: its users can no longer log in.")
        % {"organization": partner.organization_name},
        to=reverse("partner_admin:detail", args=[partner.code]))
