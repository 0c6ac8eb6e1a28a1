"""Credentials of authentication partners: API keys and OIDC clients (PRODUCT.md §6)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What a partner admin writes when deactivating a partner's credential; the partner reads it.
DEACTIVATION_COMMENT_MAX_LENGTH = 500


class CredentialStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DEACTIVATED = "deactivated", _("Deactivated")


class DeactivationReason(models.TextChoices):
    BY_PARTNER = "by_partner", _("Deactivated by the partner")
    BY_ADMIN = "by_admin", _("Deactivated by a partner admin")
    EXPIRED = "expired", _("Expired")


class ApiKey(models.Model):
    """An API key for one approved partner–policy link. Only its keyed hash is stored (§6.1)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="api_keys",
                                verbose_name=_("Partner"))
    link = models.ForeignKey("policies.PolicyLink", on_delete=models.PROTECT, related_name="api_keys",
                             verbose_name=_("Policy"))
    label = models.CharField(_("Label"), max_length=36)
    public_id = models.CharField(_("Key prefix"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    status = models.CharField(_("Status"), max_length=16, choices=CredentialStatus.choices,
                              default=CredentialStatus.ACTIVE)
    created_at = models.DateTimeField(_("Created"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("Created by"))
    expires_at = models.DateTimeField(_("Expires"))
    deactivated_at = models.DateTimeField(_("Deactivated at"), null=True, blank=True)
    deactivation_reason = models.CharField(_("Reason"), max_length=16, choices=DeactivationReason.choices,
                                           blank=True)
    deactivated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                       blank=True, related_name="+", verbose_name=_("Deactivated by"))
    deactivation_comment = models.TextField(_("Reason given"), max_length=DEACTIVATION_COMMENT_MAX_LENGTH,
                                            blank=True)
    # A key imported from MOSIP PMS: weak (a small random number), without our public prefix; it is found by
    # its keyed hash and must be rotated before it expires.
    legacy = models.BooleanField(_("Legacy key (rotate)"), default=False, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        permissions = [("manage_credentials",
                        _("Can see and deactivate the API keys and OIDC clients of every partner"))]
        constraints = [
            # One label names one key of the partner forever, deactivated or not (§6.1): the audit trail and
            # the verify answer never leave a doubt about which key they speak of.
            models.UniqueConstraint("partner", Lower("label"), name="apikey_label_unique_per_partner"),
            models.CheckConstraint(condition=models.Q(status__in=["active", "deactivated"]),
                                   name="apikey_status_valid"),
            # Also the index through which the verify API finds a legacy key, which has no public id.
            models.UniqueConstraint(fields=["key_hash"], condition=models.Q(legacy=True),
                                    name="apikey_legacy_hash_unique"),
        ]
        indexes = [models.Index(fields=["status", "expires_at"], name="apikey_status_expiry"),
                   models.Index(fields=["created_at", "id"], name="apikey_created")]

    def __str__(self) -> str:
        return f"{self.label} ({self.prefix})"

    @property
    def prefix(self) -> str:
        """What the partner recognizes the key by: its public beginning."""
        return f"pms_{self.public_id}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class OidcClient(models.Model):
    """An OIDC client of an authentication partner, identified by its public key (§6.2)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="oidc_clients",
                                verbose_name=_("Partner"))
    link = models.ForeignKey("policies.PolicyLink", on_delete=models.PROTECT, related_name="oidc_clients",
                             verbose_name=_("Policy"))
    name = models.CharField(_("Name"), max_length=100)
    # 100 characters: MOSIP's client IDs (pms.oidc_client.id is varchar(100)) are kept when they are imported.
    client_id = models.CharField(_("Client ID"), max_length=100, unique=True, editable=False)
    public_key = models.JSONField(_("Public key (JWK)"))
    key_size = models.PositiveIntegerField(_("Key size"))
    redirect_uris = models.JSONField(_("Redirect URIs"), default=list)
    logo_uri = models.URLField(_("Logo URI"), max_length=500)
    grant_types = models.JSONField(_("Grant types"), default=list)
    auth_methods = models.JSONField(_("Client authentication methods"), default=list)
    status = models.CharField(_("Status"), max_length=16, choices=CredentialStatus.choices,
                              default=CredentialStatus.ACTIVE)
    created_at = models.DateTimeField(_("Created"), default=timezone.now)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("Created by"))
    deactivated_at = models.DateTimeField(_("Deactivated at"), null=True, blank=True)
    deactivation_reason = models.CharField(_("Reason"), max_length=16, choices=DeactivationReason.choices,
                                           blank=True)
    deactivated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                       blank=True, related_name="+", verbose_name=_("Deactivated by"))
    deactivation_comment = models.TextField(_("Reason given"), max_length=DEACTIVATION_COMMENT_MAX_LENGTH,
                                            blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("OIDC client")
        verbose_name_plural = _("OIDC clients")
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=["active", "deactivated"]),
                                   name="oidcclient_status_valid"),
        ]
        indexes = [models.Index(fields=["created_at", "id"], name="oidcclient_created")]

    def __str__(self) -> str:
        return f"{self.name} ({self.client_id})"
