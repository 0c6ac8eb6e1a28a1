"""Accounts and partner organizations (PRODUCT.md §1, §2)."""

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pms.constraints import max_length_constraint


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    ARABIC = "ar", _("Arabic")


class Domain(models.TextChoices):
    """The certificate domain a partner type belongs to (PRODUCT.md §1)."""

    AUTH = "AUTH", "AUTH"
    DEVICE = "DEVICE", "DEVICE"
    FTM = "FTM", "FTM"


class User(AbstractUser):
    """A person who logs in: a partner's user, a partner admin or a policy manager."""

    email = models.EmailField(_("Email"))
    language = models.CharField(_("Preferred language"), max_length=8, choices=Language.choices,
                                default=Language.ENGLISH)
    # Indexed by `user_by_partner_joined` below (partner first), which serves every lookup by partner.
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="users", verbose_name=_("Partner"), db_index=False)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.UniqueConstraint(Lower("username"), name="user_username_ci_unique"),
            models.UniqueConstraint(Lower("email"), condition=~models.Q(email=""), name="user_email_ci_unique"),
        ]
        # A partner's users in the order they joined: the admin's partner list reads each row's first user
        # (its contact email) from here, one index probe per listed partner, without a sort (issue 12).
        indexes = [models.Index(fields=["partner", "date_joined", "id"], name="user_by_partner_joined")]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class PartnerType(models.Model):
    """A kind of partner. Types are rows, so a new one needs no code (PRODUCT.md §1)."""

    code = models.SlugField(_("Code"), max_length=40, unique=True)
    name = models.CharField(_("Name"), max_length=80)
    domain = models.CharField(_("Certificate domain"), max_length=8, choices=Domain.choices)
    id_prefix = models.CharField(_("Partner ID prefix"), max_length=4, unique=True)
    needs_policy_group = models.BooleanField(_("Needs a policy group"), default=False)
    features = models.JSONField(_("Features"), default=list, blank=True)
    is_active = models.BooleanField(_("Open for registration"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("partner type")
        verbose_name_plural = _("partner types")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        # Names are data; the seeded ones have catalog entries (partners/partner_types.py).
        return gettext(self.name)

    def has_feature(self, feature: str) -> bool:
        return feature in self.features


# Name and ID (164 characters) and the emails of a partner's first dozens of users, in one search column.
SEARCH_TEXT_MAX_LENGTH = 4_000


def compose_search_text(organization_name: str, partner_id: str, emails) -> str:
    """A partner's `search_text`: the same text as partners.search.refresh writes in SQL."""
    text = "\n".join([organization_name, partner_id, *sorted(email for email in emails if email)])
    return text[:SEARCH_TEXT_MAX_LENGTH]


class Partner(models.Model):
    """A partner organization with its contact details and its stable partner ID."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        DEACTIVATED = "deactivated", _("Deactivated")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # 36 characters: MOSIP's partner IDs (pms.partner.id is varchar(36)) are kept when a deployment is imported.
    partner_id = models.CharField(_("Partner ID"), max_length=36, unique=True, editable=False)
    organization_name = models.CharField(_("Organization name"), max_length=128)
    partner_type = models.ForeignKey(PartnerType, on_delete=models.PROTECT, related_name="partners",
                                     verbose_name=_("Partner type"))
    address = models.CharField(_("Address"), max_length=255)
    phone_number = models.CharField(_("Phone number"), max_length=32)
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("Registered at"), auto_now_add=True)
    deactivated_at = models.DateTimeField(_("Deactivated at"), null=True, blank=True)
    # What the admin's search matches: organization, partner ID and the users' emails, one per line, so that
    # PostgreSQL answers from one trigram index (partners migration 0007) and can walk the list's order index
    # filtered by it (issue 12). Kept by save() and by the users' signals (partners.search).
    search_text = models.TextField(max_length=SEARCH_TEXT_MAX_LENGTH, default="", db_default="", editable=False)

    class Meta:
        ordering = ["organization_name", "id"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        permissions = [("manage_partners", _("Can manage partners"))]
        indexes = [
            models.Index(fields=["organization_name", "id"], name="partner_by_organization"),
            models.Index(fields=["id"], condition=models.Q(status="deactivated"), name="partner_deactivated"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=["active", "deactivated"]),
                                   name="partner_status_valid"),
            max_length_constraint("partner", "search_text", SEARCH_TEXT_MAX_LENGTH),
        ]

    def __str__(self) -> str:
        return f"{self.organization_name} ({self.partner_id})"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"organization_name", "partner_id"} & set(update_fields):
            emails = self.users.values_list("email", flat=True) if self.pk else []
            self.search_text = compose_search_text(self.organization_name, self.partner_id, emails)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def domain(self) -> str:
        return self.partner_type.domain
