"""Reads of policies and links, scoped to the caller (STYLE.md §3). A stranger's row is a 404."""

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from partners.models import Partner
from pms import memo

from .models import (
    PENDING_LAST,
    PENDING_SINCE,
    QUEUE_ORDER,
    PartnerPolicyGroup,
    Policy,
    PolicyGroup,
    PolicyLink,
    PolicyType,
)

# A link counts as active only while its partner is active: deactivating a partner (partners app, which
# cannot know about links) thereby ends its links everywhere these selectors are used.
ACTIVE_APPROVED = Q(status=PolicyLink.Status.APPROVED, partner__status=Partner.Status.ACTIVE)

# Which policy types each partner type may request; a partner type not listed here may request both.
POLICY_TYPES_BY_PARTNER_TYPE = {
    "auth-partner": [PolicyType.AUTH],
    "credential-partner": [PolicyType.DATASHARE],
}


# --- Groups and policies (policy managers and partner admins) ----------------------------------------------

def policy_groups(*, search: str = "", active: str = "", sort: str = "name") -> QuerySet[PolicyGroup]:
    groups = PolicyGroup.objects.annotate(
        published_count=Count("policies", filter=Q(policies__status=Policy.Status.PUBLISHED), distinct=True),
        policy_count=Count("policies", distinct=True),
        partner_count=Count("partner_choices", distinct=True),
    )
    if search:
        groups = groups.filter(Q(name__icontains=search) | Q(description__icontains=search))
    if active in ("yes", "no"):
        groups = groups.filter(is_active=active == "yes")
    return groups.order_by(*_ordering(sort, GROUP_SORTS, "name"))


GROUP_SORTS = {"name": ["name", "id"], "-name": ["-name", "-id"], "created": ["created_at", "id"],
               "-created": ["-created_at", "-id"]}


def get_policy_group(*, code) -> PolicyGroup:
    return _get(PolicyGroup.objects.all(), code)


def active_policy_groups() -> QuerySet[PolicyGroup]:
    return PolicyGroup.objects.filter(is_active=True).order_by("name", "id")


def policies(*, group: PolicyGroup | None = None, policy_type: str = "", status: str = "", search: str = "",
             sort: str = "name") -> QuerySet[Policy]:
    found = Policy.objects.select_related("group")
    if group is not None:
        found = found.filter(group=group)
    if policy_type:
        found = found.filter(policy_type=policy_type)
    if status:
        found = found.filter(status=status)
    if search:
        found = found.filter(Q(name__icontains=search) | Q(description__icontains=search))
    return found.order_by(*_ordering(sort, POLICY_SORTS, "name"))


POLICY_SORTS = {"name": ["name", "id"], "-name": ["-name", "-id"], "group": ["group__name", "name", "id"],
                "updated": ["updated_at", "id"], "-updated": ["-updated_at", "-id"]}


def get_policy(*, code) -> Policy:
    return _get(Policy.objects.select_related("group", "created_by", "cloned_from"), code)


def policy_history(policy: Policy) -> QuerySet:
    return policy.status_changes.select_related("actor")


def active_link_count(policy: Policy) -> int:
    return policy.links.filter(ACTIVE_APPROVED).count()


# --- A partner's group and links ----------------------------------------------------------------------------

def partner_group(partner: Partner) -> PolicyGroup | None:
    choice = PartnerPolicyGroup.objects.select_related("group").filter(partner=partner).first()
    return choice.group if choice else None


def has_approved_link(partner: Partner) -> bool:
    return partner.policy_links.filter(status=PolicyLink.Status.APPROVED).exists()


def requestable_types(partner: Partner) -> list[str]:
    return POLICY_TYPES_BY_PARTNER_TYPE.get(partner.partner_type.code, list(PolicyType.values))


def requestable_policies(partner: Partner) -> QuerySet[Policy]:
    """Published policies of the partner's group, of a type it may use, not already requested."""
    group = partner_group(partner)
    if group is None:
        return Policy.objects.none()
    open_links = partner.policy_links.filter(status__in=PolicyLink.OPEN_STATUSES).values("policy_id")
    return (Policy.objects.select_related("group")
            .filter(group=group, status=Policy.Status.PUBLISHED, policy_type__in=requestable_types(partner))
            .exclude(pk__in=open_links).order_by("name", "id"))


def partner_links(*, partner: Partner, status: str = "") -> QuerySet[PolicyLink]:
    links = (PolicyLink.objects.select_related("policy__group").defer("policy__document", "policy__description")
             .filter(partner=partner))
    if status:
        links = links.filter(status=status)
    return links.order_by("-requested_at", "-id")


def get_own_link(*, partner: Partner, code) -> PolicyLink:
    return _get(PolicyLink.objects.select_related("policy__group", "decided_by").filter(partner=partner),
                code)


def approved_links(partner: Partner) -> QuerySet[PolicyLink]:
    """The partner's active approved links (none once it is deactivated): what credentials hang on."""
    return partner_links(partner=partner).filter(ACTIVE_APPROVED)


# --- The admin's queue --------------------------------------------------------------------------------------

def link_queue(*, status: str = "", group: PolicyGroup | None = None, search: str = "",
               sort: str = "pending") -> QuerySet[PolicyLink]:
    """Every link (read as QUEUE_COLUMNS by policies/rows.py), pending ones first (oldest request first among
    them), then the newest requests.

    The "pending" order is written exactly as the `policylink_queue_order` index (policies migration
    0003), so that a page is read in index order instead of sorting every link (issue 12).
    """
    links = PolicyLink.objects.all()
    if status:
        links = links.filter(status=status)
    if group is not None:
        links = links.filter(policy__group=group)
    if search:
        links = links.filter(Q(partner__organization_name__icontains=search)
                             | Q(partner__partner_id__iexact=search) | Q(policy__name__icontains=search))
    if sort == "pending":
        return links.alias(pending_last=PENDING_LAST, pending_since=PENDING_SINCE).order_by(*QUEUE_ORDER)
    return links.order_by(*_ordering(sort, LINK_SORTS, "-requested"))


# What the queue's rows show (templates/policies/_link_row.html, policies.rows.QueueRow), in that order: never the
# policy document (kilobytes a row), no model built per row (issue 12).
QUEUE_COLUMNS = ("code", "purpose", "status", "requested_at", "partner__organization_name", "partner__partner_id",
                 "policy__name", "policy__policy_type", "policy__group__name")


LINK_SORTS = {"requested": ["requested_at", "id"], "-requested": ["-requested_at", "-id"],
              "partner": ["partner__organization_name", "id"], "policy": ["policy__name", "id"]}

PENDING_COUNT_KEY = "policies:pending_link_count"
PENDING_COUNT_SECONDS = 300  # a safety net: a link or partner saved or deleted forgets the count at once


def pending_link_count() -> int:
    """Pending requests of active partners, kept in the cache (the queue's badge, on every view of it) and
    forgotten when a link or a partner is saved or deleted (policies.apps). Counted from the pending links'
    partial index, less the few deactivated partners' (a join with every partner would read them all)."""
    count = memo.cache_get(PENDING_COUNT_KEY)  # with the page's other cache entries (pms.memo)
    if count is None:
        deactivated = Partner.objects.filter(status=Partner.Status.DEACTIVATED).values("pk")
        count = (PolicyLink.objects.filter(status=PolicyLink.Status.IN_PROGRESS).exclude(partner__in=deactivated)
                 .count())
        memo.cache_set(PENDING_COUNT_KEY, count, PENDING_COUNT_SECONDS)
    return count


def get_link(*, code) -> PolicyLink:
    return _get(PolicyLink.objects.select_related("partner__partner_type", "policy__group", "requested_by",
                                                  "decided_by", "deactivated_by"), code)


def links_of_partner_for_admin(partner: Partner) -> QuerySet[PolicyLink]:
    return partner_links(partner=partner)


def _get(queryset, code):
    try:
        return queryset.get(code=code)
    except (queryset.model.DoesNotExist, ValidationError, ValueError, TypeError) as error:
        raise Http404 from error


def _ordering(sort: str, options: dict, default: str) -> list[str]:
    return options.get(sort) or options[default]
