from django.utils.translation import gettext_lazy as _

from audit.catalog import register_events
from pms.portal import (
    Feature,
    OnboardingStep,
    StepState,
    register_demo_data,
    register_feature,
    register_onboarding_step,
)


def register() -> None:
    register_events("accounts", "login_succeeded", "login_failed", "logout", "second_factor_added",
                    "second_factor_removed", "profile_updated", "language_changed", "role_granted", "role_revoked",
                    "staff_user_created")
    register_events("partners", "partner_registered", "partner_deactivated")
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
