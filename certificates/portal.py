"""What the certificates app adds to the shell: features, the onboarding step, partner sections, demo data."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.labels import register_audit_labels
from pms.formats import format_date
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
from .audit_labels import REFUSALS


def register() -> None:
    register_audit_labels(module="certificates", label=_("Certificates"), events={
        "ca_certificate_uploaded": _("CA certificate uploaded"),
        "ca_certificate_upload_refused": _("CA certificate refused"),
        "ca_certificate_deactivated": _("CA certificate deactivated"),
        "partner_certificate_uploaded": _("Partner certificate uploaded"),
        "partner_certificate_upload_refused": _("Partner certificate refused"),
        "certificate_downloaded": _("Certificate downloaded"),
        "portal_root_ca_created": _("Portal root CA created"),
        "portal_signing_ca_created": _("Portal signing CA created"),
        "portal_signing_key_rotated": _("Portal signing key rotated"),
        "ca_bundle_uploaded": _("CA certificate bundle uploaded"),
    }, details={
        "domain": _("Partner domain"), "kind": _("Type"), "subject": _("Subject"),
        "fingerprint": _("SHA-256 fingerprint"), "not_after": _("Valid until"), "filename": _("File"),
        "flagged_ca_certificates": _("CA certificates flagged"),
        "flagged_partner_certificates": _("Partner certificates flagged"), "artifact": _("File"),
        "replaced": _("Replaced certificate"), "platform_signed_serial": _("Platform-signed serial number"),
        "platform_signed_not_after": _("Platform-signed certificate valid until"), "new": _("New"),
        "bundle": _("From a bundle"), "certificates": _("Certificates"), "added": _("Added"),
        "already_present": _("Already present"), "refused": _("Refused"),
    }, values={("kind", "root"): _("Root"), ("kind", "intermediate"): _("Intermediate"),
               **{("reason", code): label for code, label in REFUSALS.items()}})
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
        visible=is_partner, card=False,  # the dashboard's certificate section says it already, with its status
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
    current = selectors.current_partner_certificate(partner)
    if current is not None and current.is_in_force:
        return StepState(done=True, detail=gettext("Valid until %(date)s") % {
            "date": format_date(current.not_after)})
    if not selectors.has_active_root(partner.domain):
        return StepState(done=False, blocked=gettext(
            "The root certificate of your domain is not in the trust store yet."))
    if current is not None:
        return StepState(done=False, detail=gettext("Your certificate is no longer valid: upload a new one."))
    return StepState(done=False)


def dashboard_context(partner, user) -> dict:
    return {"current": selectors.current_partner_certificate(partner)}


def admin_context(partner, user) -> dict:
    return {"certificates": list(selectors.partner_certificates(partner=partner)),
            "can_manage": user.has_perm(selectors.PARTNER_CERTIFICATE_ADMIN)}
