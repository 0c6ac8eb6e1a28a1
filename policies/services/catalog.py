"""Policy groups and policies: what policy managers and partner admins change (PRODUCT.md §4)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

import audit.services as audit
from pms import jsonsafe
from pms.errors import Refused

from .. import documents
from ..models import Policy, PolicyGroup, PolicyStatusChange
from ..selectors import ACTIVE_APPROVED
from .locking import lock

MODULE = "policies"


class InvalidDocument(Refused):
    """The document does not match its type's schema; `errors` lists each problem at its JSON path."""

    def __init__(self, errors: list[documents.DocumentError]):
        super().__init__("invalid_document", _("The policy document does not match its schema: %(errors)s")
                         % {"errors": "; ".join(str(error) for error in errors)}, field="document")
        self.errors = errors


# --- Policy groups ------------------------------------------------------------------------------------------

def create_policy_group(*, name: str, description: str = "", actor) -> PolicyGroup:
    """A new active policy group; names are unique, ignoring case (§4)."""
    name = name.strip()
    with transaction.atomic():
        _check_group_name_free(name)
        group = PolicyGroup(name=name, description=description.strip(), created_by=actor)
        group.full_clean()
        group.save()
        audit.record(event="policy_group_created", module=MODULE, actor=actor, reference=group,
                     details={"name": group.name})
    return group


def update_policy_group(*, group: PolicyGroup, name: str, description: str, actor) -> PolicyGroup:
    name = name.strip()
    with transaction.atomic():
        _check_group_name_free(name, exclude=group)
        changed = [field for field, value in (("name", name), ("description", description.strip()))
                   if getattr(group, field) != value]
        group.name, group.description = name, description.strip()
        group.full_clean()
        group.save(update_fields=["name", "description", "updated_at"])
        if changed:
            audit.record(event="policy_group_updated", module=MODULE, actor=actor, reference=group,
                         details={"name": group.name, "fields": changed})
    return group


def deactivate_policy_group(*, group: PolicyGroup, actor) -> PolicyGroup:
    """Deactivate a group; refused while a published policy remains in it (§4)."""
    with transaction.atomic():
        lock(group)
        if not group.is_active:
            raise Refused("group_inactive", _("This policy group is already deactivated."))
        published = group.policies.filter(status=Policy.Status.PUBLISHED).count()
        if published:
            raise Refused("group_has_active_policies", ngettext(
                "This policy group still has %(count)s published policy. Deactivate it first.",
                "This policy group still has %(count)s published policies. Deactivate them first.",
                published) % {"count": published})
        group.is_active = False
        group.save(update_fields=["is_active", "updated_at"])
        audit.record(event="policy_group_deactivated", module=MODULE, actor=actor, reference=group,
                     details={"name": group.name})
    return group


def activate_policy_group(*, group: PolicyGroup, actor) -> PolicyGroup:
    with transaction.atomic():
        lock(group)
        if group.is_active:
            raise Refused("group_active", _("This policy group is already active."))
        group.is_active = True
        group.save(update_fields=["is_active", "updated_at"])
        audit.record(event="policy_group_activated", module=MODULE, actor=actor, reference=group,
                     details={"name": group.name})
    return group


# --- Policies -----------------------------------------------------------------------------------------------

def create_policy(*, group: PolicyGroup, name: str, policy_type: str, document, actor,
                  description: str = "") -> Policy:
    """A new draft policy in an active group, its document valid for its type (§4)."""
    name = name.strip()
    with transaction.atomic():
        _check_group_open(group)
        _check_policy_name_free(group, name)
        _check_document(policy_type, document)
        policy = Policy(group=group, name=name, description=description.strip(), policy_type=policy_type,
                        document=document, created_by=actor)
        policy.full_clean()
        policy.save()
        _record_status(policy, "", Policy.Status.DRAFT, actor)
        audit.record(event="policy_created", module=MODULE, actor=actor, reference=policy,
                     details=_details(policy))
    return policy


def update_policy(*, policy: Policy, group: PolicyGroup, name: str, description: str, document,
                  actor) -> Policy:
    """Change a draft (its group, name, description or document); published policies never change (§4)."""
    name = name.strip()
    with transaction.atomic():
        lock(policy)
        if not policy.is_draft:
            raise Refused("policy_not_draft",
                          _("Only draft policies can be edited. Clone this policy to change it."))
        if group.pk != policy.group_id:
            _check_group_open(group)
        _check_policy_name_free(group, name, exclude=policy)
        _check_document(policy.policy_type, document)
        changed = [field for field, value in (("group", group), ("name", name), ("description",
                                                                                 description.strip()),
                                               ("document", document)) if getattr(policy, field) != value]
        policy.group, policy.name, policy.document = group, name, document
        policy.description = description.strip()
        policy.full_clean()
        policy.save(update_fields=["group", "name", "description", "document", "updated_at"])
        if changed:
            audit.record(event="policy_updated", module=MODULE, actor=actor, reference=policy,
                         details={**_details(policy), "fields": changed})
    return policy


def publish_policy(*, policy: Policy, actor) -> Policy:
    """Publish a draft of an active group, so that partners of the group can request it (§4)."""
    with transaction.atomic():
        lock(policy)
        if not policy.is_draft:
            raise Refused("policy_not_draft", _("Only draft policies can be published."))
        _check_group_open(PolicyGroup.objects.get(pk=policy.group_id))
        _check_document(policy.policy_type, policy.document)
        policy.status, policy.published_at = Policy.Status.PUBLISHED, timezone.now()
        policy.save(update_fields=["status", "published_at", "updated_at"])
        _record_status(policy, Policy.Status.DRAFT, Policy.Status.PUBLISHED, actor)
        audit.record(event="policy_published", module=MODULE, actor=actor, reference=policy,
                     details=_details(policy))
    return policy


def deactivate_policy(*, policy: Policy, actor, reason: str = "") -> Policy:
    """Deactivate a published policy; refused while an approved link of an active partner uses it (§4)."""
    with transaction.atomic():
        lock(policy)
        if not policy.is_published:
            raise Refused("policy_not_published", _("Only published policies can be deactivated."))
        active = policy.links.filter(ACTIVE_APPROVED).count()
        if active:
            raise Refused("policy_has_active_links", ngettext(
                "%(count)s partner still has an approved link to this policy. Deactivate the link first.",
                "%(count)s partners still have an approved link to this policy. Deactivate the links first.",
                active) % {"count": active})
        policy.status, policy.deactivated_at = Policy.Status.DEACTIVATED, timezone.now()
        policy.save(update_fields=["status", "deactivated_at", "updated_at"])
        _record_status(policy, Policy.Status.PUBLISHED, Policy.Status.DEACTIVATED, actor, note=reason)
        audit.record(event="policy_deactivated", module=MODULE, actor=actor, reference=policy,
                     details={**_details(policy), "reason": reason})
    return policy


def clone_policy(*, policy: Policy, group: PolicyGroup, actor, name: str = "") -> Policy:
    """Copy a policy as a draft into an (active) group; the name is made unique there (§4)."""
    with transaction.atomic():
        _check_group_open(group)
        copy = Policy(group=group, name=_free_name(group, (name or policy.name).strip()),
                      description=policy.description, policy_type=policy.policy_type,
                      document=policy.document, cloned_from=policy, created_by=actor)
        copy.full_clean()
        copy.save()
        _record_status(copy, "", Policy.Status.DRAFT, actor, note=_("Cloned from %(name)s (%(group)s)") % {
            "name": policy.name, "group": policy.group.name})
        audit.record(event="policy_cloned", module=MODULE, actor=actor, reference=copy,
                     details={**_details(copy), "source": str(policy.code)})
    return copy


# --- Rules --------------------------------------------------------------------------------------------------

def _check_group_name_free(name: str, exclude: PolicyGroup | None = None) -> None:
    taken = PolicyGroup.objects.filter(name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise Refused("group_name_taken", _("A policy group with this name already exists."), field="name")


def _check_policy_name_free(group: PolicyGroup, name: str, exclude: Policy | None = None) -> None:
    taken = group.policies.filter(name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise Refused("policy_name_taken", _("This policy group already has a policy with this name."),
                      field="name")


def _check_group_open(group: PolicyGroup) -> None:
    if not group.is_active:
        raise Refused("group_inactive",
                      _("The policy group “%(name)s” is deactivated.") % {"name": group.name},
                      field="group")


def _check_document(policy_type: str, document) -> None:
    jsonsafe.check(document, field="document")  # documents given as Python values (importers) too
    errors = documents.validate(policy_type, document)
    if errors:
        raise InvalidDocument(errors)


def _free_name(group: PolicyGroup, name: str) -> str:
    """`name`, or "name (copy)", "name (copy 2)"… whichever is free in the group (max length kept)."""
    taken = {n.lower() for n in group.policies.values_list("name", flat=True)}
    candidate, number = name, 1
    while candidate.lower() in taken:
        suffix = _(" (copy)") if number == 1 else _(" (copy %(number)s)") % {"number": number}
        candidate = name[: Policy._meta.get_field("name").max_length - len(suffix)] + suffix
        number += 1
    return candidate


def _record_status(policy: Policy, from_status: str, to_status: str, actor, note: str = "") -> None:
    PolicyStatusChange.objects.create(policy=policy, from_status=from_status, to_status=to_status,
                                      actor=actor, note=note[:255])


def _details(policy: Policy) -> dict:
    return {"name": policy.name, "type": policy.policy_type, "group": policy.group.name,
            "status": policy.status}
