"""What the certificates app adds to the shell: features, the onboarding step, partner sections, demo data."""

from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.catalog import register_events
from pms.permissions import is_partner
from pms.portal import (
    Feature,
    OnboardingStep,
    PartnerSection,
    StepState,
    register_demo_data,
    register_feature,
    register_onboarding_step,
    register_partner_section,
)

from . import selectors


def register() -> None:
    register_events("certificates", "ca_certificate_uploaded", "ca_certificate_upload_refused",
                    "ca_certificate_deactivated", "ca_bundle_uploaded", "partner_certificate_uploaded",
                    "partner_certificate_upload_refused",
                    "certificate_downloaded", "portal_root_ca_created", "portal_signing_ca_created",
                    "portal_signing_key_rotated")
    register_feature(Feature(
        key="trust_store", title=_("Certificate trust store"), url_name="certificates:ca_list",
        icon="shield-lock", order=20,
        description=_("Root and intermediate CA certificates trusted for each partner domain."),
        visible=lambda user: user.has_perm("certificates.manage_trust_store"),
    ))
    register_feature(Feature(
        key="partner_certificate", title=_("Partner certificate"), url_name="certificates:my_certificate",
        icon="file-earmark-lock", order=20,
        description=_("Upload your CA-signed certificate and download it with its platform signed copy."),
        visible=is_partner,
    ))
    register_onboarding_step(OnboardingStep(
        key="partner_certificate", title=_("Upload your partner certificate"), order=30,
        url_name="certificates:my_certificate", applies=lambda partner: True, state=certificate_step_state,
    ))
    register_partner_section(PartnerSection(
        key="certificate_status", template="certificates/sections/partner_dashboard.html",
        context=dashboard_context, places=("dashboard",), order=30,
    ))
    register_partner_section(PartnerSection(
        key="certificates", template="certificates/sections/partner_admin.html",
        context=admin_context, places=("admin",), order=30,
    ))
    from .demo import load_demo_certificates

    register_demo_data(load_demo_certificates, order=20)


def certificate_step_state(partner) -> StepState:
    current = selectors.current_certificate_status(partner)
    if current is not None and current.is_in_force:
        return StepState(done=True, detail=gettext("Valid until %(date)s") % {
            "date": date_format(current.not_after, "DATE_FORMAT")})
    if not selectors.has_active_root(partner.domain):
        return StepState(done=False, blocked=gettext(
            "The root certificate of your domain is not in the trust store yet."))
    if current is not None:
        return StepState(done=False, detail=gettext("Your certificate is no longer valid: upload a new one."))
    return StepState(done=False)


def dashboard_context(partner, user) -> dict:
    return {"current": selectors.current_certificate_status(partner)}


def admin_context(partner, user) -> dict:
    return {"certificates": list(selectors.partner_certificates(partner=partner)),
            "can_manage": user.has_perm(selectors.PARTNER_CERTIFICATE_ADMIN)}
