"""The partner admin's "Partners" card and navigation entry (PRODUCT.md §8)."""

from django.utils.translation import gettext_lazy as _

from pms.portal import Feature, register_feature


def register() -> None:
    register_feature(Feature(
        key="partners", title=_("Partners"), url_name="partner_admin:list", icon="buildings",
        description=_("Every registered partner: profile, certificates, policy links; deactivate a partner."),
        visible=lambda user: user.has_perm("partners.manage_partners"), order=200,
    ))
