from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from audit.labels import register_audit_labels
from pms.permissions import has_feature
from pms.portal import (
    ExpiryJob,
    Feature,
    OnboardingStep,
    PartnerFact,
    PartnerSection,
    StepState,
    partner_facts,
    register_expiry_job,
    register_feature,
    register_onboarding_step,
    register_partner_fact,
    register_partner_section,
)

SECTION_ROWS = 10  # credentials shown on the admin's partner page; the rest are one link away


def register() -> None:
    register_audit_labels(module="apikeys", label=_("API keys and OIDC clients"), events={
        "api_key_generated": _("API key generated"), "api_key_deactivated": _("API key deactivated"),
        "api_key_expired": _("API key expired"), "api_key_verified": _("API key checked by the verify API"),
        "api_key_verification_refused": _("API key refused by the verify API"),
        "oidc_client_created": _("OIDC client created"), "oidc_client_updated": _("OIDC client changed"),
        "oidc_client_deactivated": _("OIDC client deactivated"),
    }, details={"prefix": _("Key prefix"), "expires_at": _("Expires"), "expired_at": _("Expired"),
                "client_id": _("Client ID"),
                "refusals_today": _("Refusals today")}, values={
        ("reason", "by_partner"): _("Deactivated by the partner"),
        ("reason", "by_admin"): _("Deactivated by a partner admin"), ("reason", "expired"): _("Expired"),
        ("reason", "unknown_key"): _("Unknown or mistyped key"), ("reason", "key_deactivated"): _("Key deactivated"),
        ("reason", "key_expired"): _("Key expired"), ("reason", "partner_deactivated"): _("Partner deactivated"),
        ("reason", "link_not_approved"): _("Policy link no longer approved"),
        ("reason", "policy_not_published"): _("Policy no longer published"),
        ("reason", "partner_mismatch"): _("Key of another partner"), ("fields", "name"): _("Name"),
        ("fields", "logo_uri"): _("Logo URI"), ("fields", "redirect_uris"): _("Redirect URIs"),
    })
    register_feature(Feature(
        key="auth_services", title=_("Authentication services"), url_name="apikeys:list", icon="key",
        description=_("API keys and OIDC clients for your approved policies."),
        visible=lambda user: has_feature(user, "apikeys"), order=60,
    ))
    register_feature(Feature(
        key="auth_services_admin", title=_("Authentication services"), url_name="apikeys_admin:key_list",
        icon="key", description=_("Every partner's API keys and OIDC clients: find one, see its details, "
                                  "deactivate it with a reason the partner sees."),
        visible=lambda user: user.has_perm("apikeys.manage_credentials"), order=350,
    ))
    register_partner_fact(PartnerFact(key="has_active_credentials", expression=_has_active_credentials))
    register_onboarding_step(OnboardingStep(
        key="credentials", title=_("Create your API key or OIDC client"), url_name="apikeys:list",
        applies=lambda partner: partner.partner_type.has_feature("apikeys"), state=_credentials_state, order=60,
    ))
    register_partner_section(PartnerSection(
        key="credentials", template="apikeys/partner_section.html", context=_admin_context, places=("admin",),
        order=60,
    ))


def _has_active_credentials():
    from .models import ApiKey, CredentialStatus, OidcClient

    active = {"partner": OuterRef("pk"), "status": CredentialStatus.ACTIVE}
    return Exists(ApiKey.objects.filter(**active)) | Exists(OidcClient.objects.filter(**active))


def _credentials_state(partner) -> StepState:
    from policies.selectors import approved_links

    if partner_facts(partner)["has_active_credentials"]:
        return StepState(done=True)
    if not approved_links(partner).exists():
        return StepState(done=False, blocked=_("A policy request must be approved first."))
    return StepState(done=False)


def _admin_context(partner, user) -> dict:
    """The partner's newest credentials; the full lists are the admin's "Authentication services" pages."""
    from .selectors import effective_status, partner_api_keys, partner_oidc_clients

    keys, key_count = _newest(partner_api_keys(partner=partner))
    clients, client_count = _newest(partner_oidc_clients(partner=partner))
    for credential in keys + clients:
        credential.effective_status = effective_status(credential)
    return {"api_keys": keys, "oidc_clients": clients, "api_key_count": key_count,
            "oidc_client_count": client_count, "can_manage": user.has_perm("apikeys.manage_credentials"),
            "shows_credentials": partner.partner_type.has_feature("apikeys")}


def _newest(queryset) -> tuple[list, int]:
    rows = list(queryset[:SECTION_ROWS])
    return rows, (queryset.count() if len(rows) == SECTION_ROWS else len(rows))


def register_expiry_jobs() -> None:
    from .services import deactivate_expired_api_keys

    register_expiry_job(ExpiryJob(key="api_keys", label="expired API keys", run=deactivate_expired_api_keys,
                                  order=10))
