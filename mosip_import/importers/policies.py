"""Policy groups (R2), authentication and datashare policies (R3) and partners' policy requests (R6)."""

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.models import Partner
from policies import documents
from policies.models import Policy, PolicyGroup, PolicyLink, PolicyStatusChange

from .. import mapping
from ..source import Table
from .base import Context, Importer, Result, RowRefused, RowSkipped
from .notes import Notes, shorten

NAME_MAX = 128
PURPOSE_MAX = PolicyLink._meta.get_field("purpose").max_length


class PolicyGroups(Importer):
    kind = "policy_groups"
    label = gettext_lazy("Policy groups")
    table = Table("pms", "policy_group", ("id", "name", "descr", "is_active", "cr_dtimes", "is_deleted"),
                  order_by=("cr_dtimes", "id"))
    model = PolicyGroup

    def source_id(self, row):
        return row["id"]

    def create(self, row, ctx):
        notes = Notes()
        name = _free_name(PolicyGroup.objects.all(), row["name"], row["id"], notes)
        group = PolicyGroup.objects.create(name=name, description=(row["descr"] or "").strip()[:2000],
                                           is_active=bool(row["is_active"]))
        PolicyGroup.objects.filter(pk=group.pk).update(created_at=row["cr_dtimes"] or ctx.now)
        return notes.result(group)

    def update(self, target, row, ctx):
        target.description, target.is_active = (row["descr"] or "").strip()[:2000], bool(row["is_active"])
        target.save(update_fields=["description", "is_active", "updated_at"])
        return Result(target)


def _free_name(existing, name: str, source_id: str, notes: Notes) -> str:
    """MOSIP's name when it is free here (names are unique ignoring case), else "name (MOSIP id)"."""
    name = " ".join((name or source_id).split())[:NAME_MAX]
    if not existing.filter(name__iexact=name).exists():
        return name
    suffix = f" (MOSIP {source_id})"
    renamed = name[:NAME_MAX - len(suffix)] + suffix
    notes.add("renamed", _("The name %(name)s is already taken here: renamed %(renamed)s.")
              % {"name": name, "renamed": renamed})
    return renamed


class Policies(Importer):
    kind = "policies"
    label = gettext_lazy("Policies")
    table = Table("pms", "auth_policy", ("id", "policy_group_id", "name", "descr", "policy_file_id", "policy_type",
                                         "version", "policy_schema", "is_active", "cr_dtimes", "upd_dtimes",
                                         "is_deleted"), order_by=("cr_dtimes", "id"))
    model = Policy

    def source_id(self, row):
        return row["id"]

    def create(self, row, ctx):
        group = _group(row, ctx)
        policy_type = mapping.policy_type(row["policy_type"])
        if policy_type is None:
            raise RowRefused("unknown_policy_type", _("The policy type %(type)s has no equivalent here (only "
                                                      "authentication and datashare policies).")
                             % {"type": row["policy_type"]})
        notes = Notes()
        document = mapping.policy_document(row["policy_file_id"])
        status = _checked_status(policy_type, document, row, notes)
        policy = Policy.objects.create(
            group=group, name=_free_name(group.policies.all(), row["name"], row["id"], notes),
            description=(row["descr"] or "").strip()[:2000], policy_type=policy_type, document=document,
            status=status, **_dates(status, row))
        Policy.objects.filter(pk=policy.pk).update(created_at=row["cr_dtimes"] or ctx.now)
        PolicyStatusChange.objects.create(policy=policy, to_status=status,
                                          note=_("Imported from MOSIP PMS (version %(version)s)")
                                          % {"version": row["version"]})
        return notes.result(policy)

    def update(self, target, row, ctx):
        notes = Notes()
        document = mapping.policy_document(row["policy_file_id"])
        status = _checked_status(target.policy_type, document, row, notes)
        if target.is_draft:
            target.document, target.description = document, (row["descr"] or "").strip()[:2000]
        elif document != target.document:
            notes.add("document_not_updated", _("The document changed in MOSIP, but the policy is no longer a "
                                                "draft here: it was not changed."))
        if status != target.status:
            PolicyStatusChange.objects.create(policy=target, from_status=target.status, to_status=status,
                                              note=_("Changed in MOSIP PMS"))
            target.status = status
            for name, value in _dates(status, row).items():
                setattr(target, name, value)
        target.save()
        return notes.result(target)


def _group(row: dict, ctx: Context) -> PolicyGroup:
    group_id = ctx.target_id("policy_groups", row["policy_group_id"])
    if group_id is None:
        raise RowRefused("policy_group_missing", _("Its policy group %(id)s was not imported.")
                         % {"id": row["policy_group_id"] or "-"})
    return ctx.cached(PolicyGroup.objects.all(), group_id)


def _checked_status(policy_type: str, document, row: dict, notes: Notes) -> str:
    """R3: MOSIP's status, except that a document our schema refuses makes the policy a draft (and is reported)."""
    status = mapping.policy_status(is_active=bool(row["is_active"]), policy_schema=row["policy_schema"])
    errors = documents.validate(policy_type, document)
    if errors:
        notes.add("invalid_document", _("The document does not match our schema (%(errors)s): imported as a "
                                        "draft (it was %(status)s in MOSIP); correct it, then publish it.")
                  % {"errors": "; ".join(str(e) for e in errors[:3]), "status": status})
        return Policy.Status.DRAFT
    return status


def _dates(status: str, row: dict) -> dict:
    changed = row["upd_dtimes"] or row["cr_dtimes"]
    return {"published_at": changed if status != Policy.Status.DRAFT else None,
            "deactivated_at": changed if status == Policy.Status.DEACTIVATED else None}


class PolicyRequests(Importer):
    """R6: partner_policy_request → a partner–policy link with its status; MOSIP records no reason for a
    rejection, so the link says so."""

    kind = "policy_requests"
    label = gettext_lazy("Policy requests")
    table = Table("pms", "partner_policy_request", ("id", "part_id", "policy_id", "request_datetimes",
                                                    "request_detail", "status_code", "upd_dtimes", "is_deleted"),
                  order_by=("request_datetimes", "id"))
    model = PolicyLink

    def source_id(self, row):
        return row["id"]

    def create(self, row, ctx):
        partner, policy = imported_partner(row["part_id"], ctx), imported_policy(row["policy_id"], ctx)
        status = mapping.request_status(row["status_code"])
        if status is None:
            raise RowRefused("unknown_request_status", _("The request status %(status)s has no equivalent here.")
                             % {"status": row["status_code"]})
        if status in PolicyLink.OPEN_STATUSES:
            _check_no_open_link(partner, policy)
        notes = Notes()
        purpose = shorten(row["request_detail"], PURPOSE_MAX, notes, "purpose_shortened",
                          _("The request details have %(length)s characters: the first %(limit)s were kept."))
        link = PolicyLink.objects.create(
            partner=partner, policy=policy, purpose=purpose or "-", status=status,
            decided_at=row["upd_dtimes"] if status != PolicyLink.Status.IN_PROGRESS else None,
            comment=_rejection_comment(partner) if status == PolicyLink.Status.REJECTED else "")
        PolicyLink.objects.filter(pk=link.pk).update(requested_at=row["request_datetimes"] or ctx.now)
        return notes.result(link)

    def update(self, target, row, ctx):
        status = mapping.request_status(row["status_code"])
        if status == target.status or status is None:
            return Result(target)
        if not target.is_pending:
            return Result(target, "decided_here", _("Its status changed in MOSIP, but it was decided here since: "
                                                    "left as it is."))
        target.status, target.decided_at = status, row["upd_dtimes"] or ctx.now
        if status == PolicyLink.Status.REJECTED:
            target.comment = _rejection_comment(target.partner)
        target.save(update_fields=["status", "decided_at", "comment"])
        return Result(target)


def _check_no_open_link(partner: Partner, policy: Policy) -> None:
    existing = partner.policy_links.filter(policy=policy, status__in=PolicyLink.OPEN_STATUSES).first()
    if existing is not None:
        raise RowSkipped("duplicate_request", _("The partner already has an open request for this policy; this "
                                                "one is not imported."), existing)


def _rejection_comment(partner: Partner) -> str:
    user = partner.users.order_by("date_joined", "id").first()
    with translation.override(user.language if user else None):
        return _("Rejected in MOSIP PMS (MOSIP records no reason).")


def imported_partner(mosip_id: str, ctx: Context) -> Partner:
    partner_id = ctx.target_id("partners", mosip_id)
    if partner_id is None:
        raise RowRefused("partner_not_imported", _("Its partner %(id)s was not imported.") % {"id": mosip_id})
    return ctx.cached(Partner.objects.select_related("partner_type"), partner_id)


def imported_policy(mosip_id: str, ctx: Context) -> Policy:
    policy_id = ctx.target_id("policies", mosip_id)
    if policy_id is None:
        raise RowRefused("policy_not_imported", _("Its policy %(id)s was not imported.") % {"id": mosip_id})
    return ctx.cached(Policy.objects.select_related("group"), policy_id)


def link_for_credentials(partner: Partner, policy: Policy, *, created, notes: Notes) -> PolicyLink:
    """The approved (or since deactivated) link a MOSIP key or client hangs on; MOSIP 1.1.x issued keys
    without a request row, so a missing link is created as approved (and noted)."""
    usable = Q(status=PolicyLink.Status.APPROVED) | Q(status=PolicyLink.Status.DEACTIVATED)
    link = (partner.policy_links.filter(usable, policy=policy)
            .order_by("status", "-requested_at").first())  # "approved" sorts before "deactivated"
    if link is not None:
        return link
    notes.add("link_created", _("No approved request for this policy in MOSIP: an approved link was created."))
    return PolicyLink.objects.create(partner=partner, policy=policy, status=PolicyLink.Status.APPROVED,
                                     purpose=_("Imported from MOSIP PMS"), decided_at=created)
