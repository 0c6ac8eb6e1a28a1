"""What the policies app adds to the shell: cards, navigation, onboarding steps and partner sections."""

from django.db.models import Exists, OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.labels import register_audit_labels
from certificates.selectors import has_valid_partner_certificate
from pms.permissions import has_feature
from pms.portal import (
    Feature,
    OnboardingStep,
    PartnerFact,
    PartnerSection,
    StepState,
    partner_facts,
    register_demo_data,
    register_feature,
    register_onboarding_step,
    register_partner_fact,
    register_partner_section,
)

from . import selectors
from .models import PartnerPolicyGroup, PolicyLink


def register() -> None:
    register_audit_labels(module="policies", label=gettext_lazy("Policies"), events={
        "policy_group_created": gettext_lazy("Policy group created"),
        "policy_group_updated": gettext_lazy("Policy group changed"),
        "policy_group_deactivated": gettext_lazy("Policy group deactivated"),
        "policy_group_activated": gettext_lazy("Policy group activated"),
        "policy_created": gettext_lazy("Policy created"), "policy_updated": gettext_lazy("Policy changed"),
        "policy_published": gettext_lazy("Policy published"),
        "policy_deactivated": gettext_lazy("Policy deactivated"), "policy_cloned": gettext_lazy("Policy cloned"),
        "policy_group_selected": gettext_lazy("Policy group selected"),
        "policy_link_requested": gettext_lazy("Policy requested"),
        "policy_link_approved": gettext_lazy("Policy request approved"),
        "policy_link_rejected": gettext_lazy("Policy request rejected"),
        "policy_link_deactivated": gettext_lazy("Policy link deactivated"),
    }, details={"policy_code": gettext_lazy("Policy code")}, values={
        ("type", "auth"): gettext_lazy("Authentication"), ("type", "datashare"): gettext_lazy("Datashare"),
        ("status", "draft"): gettext_lazy("Draft"), ("status", "published"): gettext_lazy("Published"),
        ("status", "deactivated"): gettext_lazy("Deactivated"), ("status", "in_progress"): gettext_lazy("In progress"),
        ("status", "approved"): gettext_lazy("Approved"), ("status", "rejected"): gettext_lazy("Rejected"),
        ("fields", "name"): gettext_lazy("Name"), ("fields", "description"): gettext_lazy("Description"),
        ("fields", "document"): gettext_lazy("Policy document"), ("fields", "group"): gettext_lazy("Policy group"),
    })
    for feature in FEATURES:
        register_feature(feature)
    for fact in FACTS:
        register_partner_fact(fact)
    for step in STEPS:
        register_onboarding_step(step)
    for section in SECTIONS:
        register_partner_section(section)
    from .demo import load_demo_policies

    register_demo_data(load_demo_policies, order=30)


FEATURES = [
    Feature(key="policy_groups", title=gettext_lazy("Policy groups"), url_name="policies:group_list",
            description=gettext_lazy("Sectors such as banking or telecom; each partner chooses one group."),
            icon="collection", visible=lambda user: user.has_perm("policies.manage_policies"), order=300),
    Feature(key="policies", title=gettext_lazy("Policies"), url_name="policies:policy_list",
            description=gettext_lazy("Authentication and datashare policies: write, publish, clone, "
                                     "deactivate."),
            icon="file-earmark-text", visible=lambda user: user.has_perm("policies.manage_policies"),
            order=310),
    Feature(key="policy_links", title=gettext_lazy("Partner–policy linking"), url_name="policies:link_queue",
            description=gettext_lazy("Approve or reject the partners' requests to use policies."),
            icon="link-45deg", visible=lambda user: user.has_perm("policies.review_policy_links"),
            pending=lambda user: selectors.pending_link_count(), order=320),
    Feature(key="my_policies", title=gettext_lazy("Policy requests"), url_name="policies:my_links",
            description=gettext_lazy("Request the policies of your policy group and follow their approval."),
            icon="file-earmark-check", visible=lambda user: has_feature(user, "policies"), order=300),
]


def _needs_group(partner) -> bool:
    return partner.partner_type.needs_policy_group and partner.partner_type.has_feature("policies")


def request_blocker(partner) -> str:
    """Why the partner cannot request a policy now, or "" when it can."""
    if selectors.partner_group(partner) is None:
        return _("Select your policy group first.")
    if not has_valid_partner_certificate(partner):
        return _("Upload a valid partner certificate first.")
    if not selectors.requestable_policies(partner).exists():
        return _("Your policy group has no published policy you can request yet.")
    return ""


def _links_with(status: str) -> Exists:
    return Exists(PolicyLink.objects.filter(partner=OuterRef("pk"), status=status))


# What the checklist's steps read, in the one query of pms.portal.partner_facts.
FACTS = [
    PartnerFact(key="policy_group_name", expression=lambda: Subquery(
        PartnerPolicyGroup.objects.filter(partner=OuterRef("pk")).values("group__name")[:1])),
    *(PartnerFact(key=f"has_{status}_link", expression=lambda status=status: _links_with(status))
      for status in (PolicyLink.Status.APPROVED, PolicyLink.Status.IN_PROGRESS, PolicyLink.Status.REJECTED)),
]


def _group_state(partner) -> StepState:
    name = partner_facts(partner)["policy_group_name"]
    return StepState(done=name is not None, detail=name or "")


def _link_statuses(partner) -> set[str]:
    """Which of the statuses the checklist tells apart the partner's links have."""
    facts = partner_facts(partner)
    return {status for status in (PolicyLink.Status.APPROVED, PolicyLink.Status.IN_PROGRESS,
                                  PolicyLink.Status.REJECTED) if facts[f"has_{status}_link"]}


def _request_state(partner) -> StepState:
    if _link_statuses(partner) & set(PolicyLink.OPEN_STATUSES):
        return StepState(done=True)
    return StepState(done=False, blocked=request_blocker(partner))


def _approval_state(partner) -> StepState:
    statuses = _link_statuses(partner)
    if PolicyLink.Status.APPROVED in statuses:
        return StepState(done=True)
    if PolicyLink.Status.IN_PROGRESS in statuses:
        return StepState(done=False, detail=_("Waiting for a partner admin's decision."))
    if PolicyLink.Status.REJECTED in statuses:
        return StepState(done=False, detail=_("A request was rejected: open it to read the reason."))
    return StepState(done=False, blocked=_("Request a policy first."))


STEPS = [
    OnboardingStep(key="select_policy_group", title=gettext_lazy("Select policy group"),
                   url_name="policies:select_group", applies=_needs_group, state=_group_state, order=20),
    OnboardingStep(key="request_policy", title=gettext_lazy("Request a policy"), url_name="policies:request",
                   applies=_needs_group, state=_request_state, order=40),
    OnboardingStep(key="link_approved", title=gettext_lazy("Get your request approved"),
                   url_name="policies:my_links", applies=_needs_group, state=_approval_state, order=50),
]


def _profile_context(partner, user) -> dict:
    needs = _needs_group(partner)
    group = selectors.partner_group(partner) if needs else None
    return {"needs_group": needs, "group": group,
            "can_change": needs and not (group and selectors.has_approved_link(partner))}


def _admin_context(partner, user) -> dict:
    return {"needs_group": _needs_group(partner), "group": selectors.partner_group(partner),
            "links": selectors.partner_links(partner=partner),
            "can_review": user.has_perm("policies.review_policy_links")}


SECTIONS = [
    PartnerSection(key="policy_group", template="policies/sections/profile_group.html",
                   context=_profile_context,
                   places=("profile",), order=20),
    PartnerSection(key="policy_links", template="policies/sections/admin_links.html", context=_admin_context,
                   places=("admin",), order=40),
]
