"""Policy groups, policies and partner–policy links (PRODUCT.md §2, §4, §5)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pms.constraints import max_length_constraint
from pms.links import code_url

DESCRIPTION_MAX_LENGTH = 2000
COMMENT_MAX_LENGTH = 1000


class PolicyGroup(models.Model):
    """A sector (banking, telecom…) whose policies the partners that chose it may request."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("Name"), max_length=128)
    description = models.TextField(_("Description"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    is_active = models.BooleanField(_("Active"), default=True)
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated at"), auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("Created by"))

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("policy group")
        verbose_name_plural = _("policy groups")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="policygroup_name_ci_unique"),
            max_length_constraint("policygroup", "description", DESCRIPTION_MAX_LENGTH),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("policies:group_detail", args=[self.code])


class PolicyType(models.TextChoices):
    AUTH = "auth", _("Authentication")
    DATASHARE = "datashare", _("Datashare")


class Policy(models.Model):
    """A JSON policy document of one type in one group; only drafts change, only published ones are requested.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        DEACTIVATED = "deactivated", _("Deactivated")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(PolicyGroup, on_delete=models.PROTECT, related_name="policies",
                              verbose_name=_("Policy group"))
    name = models.CharField(_("Name"), max_length=128)
    description = models.TextField(_("Description"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    policy_type = models.CharField(_("Type"), max_length=16, choices=PolicyType.choices)
    document = models.JSONField(_("Policy document"), default=dict)
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    cloned_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+",
                                    verbose_name=_("Cloned from"))
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated at"), auto_now=True)
    published_at = models.DateTimeField(_("Published at"), null=True, blank=True)
    deactivated_at = models.DateTimeField(_("Deactivated at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("Created by"))

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        permissions = [("manage_policies", _("Can manage policy groups and policies"))]
        constraints = [
            models.UniqueConstraint("group", Lower("name"), name="policy_name_ci_unique_in_group"),
            models.CheckConstraint(condition=models.Q(status__in=["draft", "published", "deactivated"]),
                                   name="policy_status_valid"),
            models.CheckConstraint(condition=models.Q(policy_type__in=["auth", "datashare"]),
                                   name="policy_type_valid"),
            max_length_constraint("policy", "description", DESCRIPTION_MAX_LENGTH),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("policies:policy_detail", args=[self.code])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class PolicyStatusChange(models.Model):
    """One line of a policy's history: created, published, deactivated (and by whom)."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="status_changes",
                               verbose_name=_("Policy"))
    from_status = models.CharField(_("From"), max_length=16, choices=Policy.Status.choices, blank=True)
    to_status = models.CharField(_("To"), max_length=16, choices=Policy.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("By"))
    at = models.DateTimeField(_("At"), auto_now_add=True)
    note = models.CharField(_("Note"), max_length=255, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("policy status change")
        verbose_name_plural = _("policy status changes")

    def __str__(self) -> str:
        return f"{self.policy_id}: {self.from_status or '-'} → {self.to_status}"


class PartnerPolicyGroup(models.Model):
    """The policy group an authentication or credential partner chose (§2).

    Kept here rather than on Partner: the partners app never imports the policies app.
    """

    partner = models.OneToOneField("partners.Partner", on_delete=models.CASCADE,
                                   related_name="policy_group_choice",
                                   verbose_name=_("Partner"))
    group = models.ForeignKey(PolicyGroup, on_delete=models.PROTECT, related_name="partner_choices",
                              verbose_name=_("Policy group"))
    selected_at = models.DateTimeField(_("Selected at"), auto_now=True)
    selected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    blank=True,
                                    related_name="+", verbose_name=_("Selected by"))

    class Meta:
        verbose_name = _("partner's policy group")
        verbose_name_plural = _("partners' policy groups")

    def __str__(self) -> str:
        return f"{self.partner_id} → {self.group_id}"


_PENDING = models.Q(status="in_progress")
# The review queue's order: pending requests first, oldest first among them, then the newest requests.
# The index below holds exactly these expressions, so the queue reads its pages in index order.
PENDING_LAST = models.Case(models.When(_PENDING, then=models.Value(0)), default=models.Value(1),
                           output_field=models.IntegerField())
PENDING_SINCE = models.Case(models.When(_PENDING, then=models.F("requested_at")),
                            output_field=models.DateTimeField())
# pending_since is NULL only where pending_last is 1, so where NULLs sort never matters.
QUEUE_ORDER = ("pending_last", "pending_since", "-requested_at", "-id")


class PolicyLink(models.Model):
    """A partner's request to use a policy, and the partner admin's decision on it (§5)."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        DEACTIVATED = "deactivated", _("Deactivated")

    OPEN_STATUSES = (Status.IN_PROGRESS, Status.APPROVED)

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="policy_links",
                                verbose_name=_("Partner"))
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="links",
                               verbose_name=_("Policy"))
    purpose = models.CharField(_("Purpose"), max_length=500)
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.IN_PROGRESS)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     blank=True,
                                     related_name="+", verbose_name=_("Requested by"))
    requested_at = models.DateTimeField(_("Requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("Decided by"))
    decided_at = models.DateTimeField(_("Decided at"), null=True, blank=True)
    comment = models.TextField(_("Admin's comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    deactivated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                       blank=True,
                                       related_name="+", verbose_name=_("Deactivated by"))
    deactivated_at = models.DateTimeField(_("Deactivated at"), null=True, blank=True)
    deactivation_reason = models.CharField(_("Reason for deactivation"), max_length=500, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("partner–policy link")
        verbose_name_plural = _("partner–policy links")
        permissions = [("review_policy_links", _("Can approve, reject and deactivate partner–policy links"))]
        indexes = [
            models.Index(PENDING_LAST, PENDING_SINCE,
                         models.OrderBy(models.F("requested_at"), descending=True),
                         models.OrderBy(models.F("id"), descending=True), name="policylink_queue_order"),
            models.Index(fields=["requested_at", "id"], name="policylink_by_request"),
            models.Index(fields=["partner", "-requested_at", "-id"], name="policylink_partner_newest"),
            # partner in the index: the pending count (less deactivated partners) is read from it alone (issue 12)
            models.Index(fields=["requested_at", "id"], include=["partner"], condition=_PENDING,
                         name="policylink_pending"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["partner", "policy"],
                                    condition=models.Q(status__in=["in_progress",
                                                                                                "approved"]),
                                    name="policylink_one_open_request_per_policy"),
            models.CheckConstraint(
                condition=models.Q(status__in=["in_progress", "approved", "rejected", "deactivated"]),
                name="policylink_status_valid"),
            models.CheckConstraint(condition=~models.Q(status="rejected") | ~models.Q(comment=""),
                                   name="policylink_rejection_has_comment"),
            max_length_constraint("policylink", "comment", COMMENT_MAX_LENGTH),
        ]

    def __str__(self) -> str:
        return f"{self.partner_id} → {self.policy_id} ({self.status})"

    def get_absolute_url(self) -> str:
        """The partner admin's page of the link; partners see theirs at `policies:my_link`."""
        return code_url("policies:link_detail", self.code)

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED
