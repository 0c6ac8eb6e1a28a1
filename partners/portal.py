from django.utils.translation import gettext_lazy as _

from audit.labels import register_audit_labels
from pms.portal import (
    Feature,
    OnboardingStep,
    StepState,
    register_demo_data,
    register_feature,
    register_onboarding_step,
)

from .models import Language
from .partner_types import SEEDED_TYPES


def register() -> None:
    register_audit_labels(module="accounts", label=_("Accounts"), events={
        "login_succeeded": _("Logged in"), "login_failed": _("Login failed"), "logout": _("Logged out"),
        "second_factor_added": _("Second factor added"), "second_factor_removed": _("Second factor removed"),
        "profile_updated": _("Profile changed"), "language_changed": _("Language changed"),
        "role_granted": _("Role granted"), "role_revoked": _("Role revoked"),
        "staff_user_created": _("Staff account created"),
    }, values={("role", "partner_admin"): _("Partner admin"), ("role", "policy_manager"): _("Policy manager"),
               ("type", "totp"): _("Authenticator app"), ("type", "recovery_codes"): _("Recovery codes"),
               ("fields", "first_name"): _("First name"), ("fields", "last_name"): _("Last name"),
               ("fields", "address"): _("Address"), ("fields", "phone_number"): _("Phone number"),
               **{(key, code): name for key in ("from", "to") for code, name in Language.choices}})
    register_audit_labels(module="partners", label=_("Partners"), events={
        "partner_registered": _("Partner registered"), "partner_deactivated": _("Partner deactivated"),
    }, details={"partner_type": _("Partner type"), "organization_name": _("Organization name")},
        values={("partner_type", seeded["code"]): _(seeded["name"]) for seeded in SEEDED_TYPES})
    register_feature(Feature(
        key="profile", title=_("Profile"), url_name="partners:profile", icon="person-vcard",
        description=_("Your contact details, partner ID and language."),
        visible=lambda user: user.is_authenticated, order=900,
    ))
    register_onboarding_step(OnboardingStep(
        key="registered", title=_("Register your organization"), url_name="partners:profile",
        applies=lambda partner: True, state=lambda partner: StepState(done=True), order=0,
    ))
    from .demo import load_demo_partners

    register_demo_data(load_demo_partners, order=10)
