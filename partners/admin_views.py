"""The partner admin's pages about partners: list, detail, deactivation (PRODUCT.md §8).

Other apps add their blocks to the detail page (certificates, policy links, credentials) through
`pms.portal.render_partner_sections("admin", …)`, so this module never imports them.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from pms.counting import PAGES_EXACT_BELOW
from pms.permissions import permission_required
from pms.portal import render_partner_sections
from pms.shortcuts import act_and_redirect, page_of

from . import services
from .admin_forms import DeactivatePartnerForm, PartnerFilterForm
from .selectors import get_partner_for_admin, partner_users, partners_for_admin

MANAGE = "partners.manage_partners"
# A search or filter is counted up to here only: past it the pages say "more than" (issue 12).
COUNT_LIMIT = 1_000


@permission_required(MANAGE)
def partner_list(request):
    form = PartnerFilterForm(request.GET or None)
    page = page_of(request, partners_for_admin(**form.filters()), count_limit=COUNT_LIMIT,
                   exact_below=PAGES_EXACT_BELOW)
    return render(request, "partners/admin/partner_list.html", {"form": form, "page": page})


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
