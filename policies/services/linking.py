"""A partner's policy group, its requests to use policies and the admin's decisions (PRODUCT.md §2, §5)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit.services as audit
from certificates.selectors import has_valid_partner_certificate
from partners.models import Partner
from pms.errors import Refused

from ..emails import send_link_decision
from ..models import PartnerPolicyGroup, Policy, PolicyGroup, PolicyLink, PolicyType
from ..selectors import has_approved_link, partner_group, requestable_types
from .locking import lock

MODULE = "policies"
PURPOSE_MAX_LENGTH = 500


def select_policy_group(*, partner: Partner, group: PolicyGroup, actor) -> PartnerPolicyGroup:
    """Choose (or change) the partner's policy group; refused once a request of it was approved (§2)."""
    with transaction.atomic():
        partner = _locked_partner(partner)
        if not partner.partner_type.needs_policy_group:
            raise Refused("no_policy_group_needed", _("Partners of this type do not use policy groups."))
        if not group.is_active:
            raise Refused("group_inactive", _("This policy group is deactivated. Choose another one."),
                          field="group")
        current = PartnerPolicyGroup.objects.filter(partner=partner).first()
        if current is not None and current.group_id == group.pk:
            return current
        if current is not None and has_approved_link(partner):
            raise Refused("group_locked",
                          _("Your policy group cannot be changed any more: a policy request of "
                                            "yours has been approved."), field="group")
        previous = current.group.name if current else ""
        choice, _created = PartnerPolicyGroup.objects.update_or_create(
            partner=partner, defaults={"group": group, "selected_by": actor})
        audit.record(event="policy_group_selected", module=MODULE, actor=actor, reference=partner,
                     details={"partner_id": partner.partner_id, "group": group.name, "previous": previous})
    return choice


def request_policy(*, partner: Partner, policy: Policy, purpose: str, actor) -> PolicyLink:
    """Ask to use a published policy of the partner's own group; needs a valid partner certificate (§5)."""
    purpose = purpose.strip()
    with transaction.atomic():
        partner = _locked_partner(partner)
        _check_can_request(partner, lock(policy), purpose)
        link = PolicyLink(partner=partner, policy=policy, purpose=purpose, requested_by=actor)
        link.full_clean()
        link.save()
        audit.record(event="policy_link_requested", module=MODULE, actor=actor, reference=link,
                     details=_details(link))
    return link


def approve_link(*, link: PolicyLink, actor, note: str = "") -> PolicyLink:
    """Approve a request in progress (optional note); the partner is told by email (§5)."""
    with transaction.atomic():
        # The policy is locked first, as deactivate_policy does, so the two never interleave.
        policy = lock(Policy.objects.get(pk=link.policy_id))
        lock(link)
        _check_pending(link)
        partner = Partner.objects.get(pk=link.partner_id)
        if not partner.is_active:
            raise Refused("partner_inactive",
                          _("This partner is deactivated; its requests cannot be approved."))
        if not policy.is_published:
            raise Refused("policy_not_published",
                          _("This policy is no longer published. Reject the request."))
        if (group := partner_group(partner)) is None or group.pk != policy.group_id:
            raise Refused("policy_other_group",
                          _("The partner has changed its policy group since this request. "
                                                  "Reject the request."))
        _decide(link, PolicyLink.Status.APPROVED, actor, note.strip())
        audit.record(event="policy_link_approved", module=MODULE, actor=actor, reference=link,
                     details={**_details(link), "note": link.comment})
    return link


def reject_link(*, link: PolicyLink, actor, comment: str) -> PolicyLink:
    """Reject a request in progress; the reason is required and shown to the partner (§5)."""
    comment = comment.strip()
    if not comment:
        raise Refused("comment_required", _("Give the reason for the rejection: the partner will see it."),
                      field="comment")
    with transaction.atomic():
        lock(link)
        _check_pending(link)
        _decide(link, PolicyLink.Status.REJECTED, actor, comment)
        audit.record(event="policy_link_rejected", module=MODULE, actor=actor, reference=link,
                     details={**_details(link), "comment": comment})
    return link


def deactivate_link(*, link: PolicyLink, actor, reason: str = "") -> PolicyLink:
    """End an approved link: it no longer counts as approved and credentials made for it stop working (§5)."""
    with transaction.atomic():
        lock(link)
        if not link.is_approved:
            raise Refused("link_not_approved", _("Only approved links can be deactivated."))
        link.status = PolicyLink.Status.DEACTIVATED
        link.deactivated_by, link.deactivated_at = actor, timezone.now()
        link.deactivation_reason = reason.strip()[:500]
        link.save(update_fields=["status", "deactivated_by", "deactivated_at", "deactivation_reason"])
        audit.record(event="policy_link_deactivated", module=MODULE, actor=actor, reference=link,
                     details={**_details(link), "reason": link.deactivation_reason})
    return link


# --- Rules --------------------------------------------------------------------------------------------------

def _check_can_request(partner: Partner, policy: Policy, purpose: str) -> None:
    if not partner.is_active or not partner.partner_type.has_feature("policies"):
        raise Refused("policies_not_available", _("Partners of this type cannot request policies."))
    group = partner_group(partner)
    if group is None:
        raise Refused("no_policy_group", _("Select your policy group before requesting a policy."))
    if not has_valid_partner_certificate(partner):
        raise Refused("no_valid_certificate",
                      _("Upload a valid partner certificate before requesting a policy."))
    if not policy.is_published:
        raise Refused("policy_not_published", _("Only published policies can be requested."), field="policy")
    if policy.group_id != group.pk:
        raise Refused("policy_other_group", _("This policy belongs to another policy group than yours."),
                      field="policy")
    if policy.policy_type not in requestable_types(partner):
        raise Refused("policy_type_not_allowed",
                      _("Partners of your type can request only %(types)s policies.")
                      % {"types": ", ".join(str(PolicyType(t).label) for t in requestable_types(partner))},
                      field="policy")
    if partner.policy_links.filter(policy=policy, status__in=PolicyLink.OPEN_STATUSES).exists():
        raise Refused("already_requested",
                      _("You have already requested this policy: the request is in progress "
                                             "or approved."), field="policy")
    if not purpose:
        raise Refused("purpose_required", _("Describe what you will use this policy for."), field="purpose")
    if len(purpose) > PURPOSE_MAX_LENGTH:
        raise Refused("purpose_too_long", _("The purpose can have at most %(max)s characters.")
                      % {"max": PURPOSE_MAX_LENGTH}, field="purpose")


def _locked_partner(partner: Partner) -> Partner:
    return Partner.objects.select_for_update(of=("self",)).select_related("partner_type").get(pk=partner.pk)


def _check_pending(link: PolicyLink) -> None:
    if not link.is_pending:
        raise Refused("link_decided", _("This request has already been decided (%(status)s).")
                      % {"status": link.get_status_display()})


def _decide(link: PolicyLink, status: str, actor, comment: str) -> None:
    link.status, link.decided_by, link.decided_at, link.comment = status, actor, timezone.now(), comment
    link.full_clean()
    link.save(update_fields=["status", "decided_by", "decided_at", "comment"])
    transaction.on_commit(lambda: send_link_decision(link_id=link.pk))


def _details(link: PolicyLink) -> dict:
    return {"partner_id": link.partner.partner_id, "policy": link.policy.name,
            "policy_code": str(link.policy.code),
            "group": link.policy.group.name, "status": link.status}
