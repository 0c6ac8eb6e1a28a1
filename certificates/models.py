"""Certificates (PRODUCT.md §3): the trust store, the portal's own CA, partner certificates and their
platform-signed copies. Parsed fields are stored next to the PEM so that lists filter and sort in SQL."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from partners.models import Domain
from pms.formats import format_number
from pms.links import code_url

EXPIRING_SOON_DAYS = 30


class Validity(models.TextChoices):
    """Where "now" falls in a certificate's validity window (computed, used by filters and badges)."""

    VALID = "valid", pgettext_lazy("certificate", "Valid")
    EXPIRING = "expiring", _("Expiring soon")
    EXPIRED = "expired", _("Expired")
    NOT_YET_VALID = "not_yet_valid", _("Not yet valid")


def validity_of(not_before, not_after, now=None) -> str:
    """Where `now` falls in the window [not_before, not_after] (RFC 5280 §4.1.2.5)."""
    now = now or timezone.now()
    if now < not_before:
        return Validity.NOT_YET_VALID
    if now > not_after:  # valid up to and including the notAfter second
        return Validity.EXPIRED
    if not_after - now <= timedelta(days=EXPIRING_SOON_DAYS):
        return Validity.EXPIRING
    return Validity.VALID


def validity_badge(validity: str) -> str:
    """The status key components/status_badge.html colours (green when valid)."""
    return "success" if validity == Validity.VALID else validity


class CertificateData(models.Model):
    """The fields every stored certificate shares; later apps (FTM chip certificates) reuse it."""

    pem = models.TextField(_("PEM"))
    subject = models.CharField(_("Subject"), max_length=1000)
    issuer = models.CharField(_("Issuer"), max_length=1000)
    subject_common_name = models.CharField(_("Issued to"), max_length=255, blank=True)
    issuer_common_name = models.CharField(_("Issued by"), max_length=255, blank=True)
    serial_number = models.CharField(_("Serial number"), max_length=80)
    not_before = models.DateTimeField(_("Valid from"))
    not_after = models.DateTimeField(_("Valid until"), db_index=True)
    fingerprint_sha256 = models.CharField(_("SHA-256 fingerprint"), max_length=64, db_index=True)
    key_algorithm = models.CharField(_("Key algorithm"), max_length=16)
    key_size = models.PositiveIntegerField(_("Key size (bits)"))
    key_curve = models.CharField(_("Curve"), max_length=32, blank=True)
    signature_algorithm = models.CharField(_("Signature algorithm"), max_length=64)

    class Meta:
        abstract = True

    def validity(self, now=None) -> str:
        return validity_of(self.not_before, self.not_after, now)

    @property
    def validity_label(self) -> str:
        return Validity(self.validity()).label

    @property
    def validity_badge(self) -> str:
        """The status key components/status_badge.html colours (green when valid)."""
        return validity_badge(self.validity())

    @property
    def is_valid_now(self) -> bool:
        return self.validity() in (Validity.VALID, Validity.EXPIRING)

    @property
    def display_name(self) -> str:
        return self.subject_common_name or self.subject

    @property
    def fingerprint_display(self) -> str:
        return ":".join(self.fingerprint_sha256[i:i + 2] for i in range(0, 64, 2)).upper()

    @property
    def serial_display(self) -> str:
        return ":".join(self.serial_number[i:i + 2] for i in range(0, len(self.serial_number), 2)).upper()

    @property
    def key_description(self) -> str:
        """ "EC P-256 (256 bits)", in the reader's language."""
        values = {"algorithm": self.key_algorithm, "curve": self.key_curve, "bits": format_number(self.key_size)}
        if self.key_curve:
            return gettext("%(algorithm)s %(curve)s (%(bits)s bits)") % values
        return gettext("%(algorithm)s (%(bits)s bits)") % values

    @property
    def signature_description(self) -> str:
        """ "ECDSA with SHA384" (how it is stored) in the reader's language."""
        algorithm, with_, digest = self.signature_algorithm.partition(" with ")
        if not with_:
            return self.signature_algorithm
        return gettext("%(algorithm)s with %(hash)s") % {"algorithm": algorithm, "hash": digest}


def ca_status_badge(status: str, chain_deactivated: bool) -> tuple[str, str]:
    """(colour key, label) of a CA's status badge: deactivated, chain deactivated or active."""
    if status != CACertificate.Status.ACTIVE:
        return "deactivated", CACertificate.Status(status).label
    if chain_deactivated:
        return "chain_deactivated", gettext("Chain deactivated")
    return "active", CACertificate.Status(status).label


class CACertificate(CertificateData):
    """A root or intermediate CA certificate of one domain's trust store (§3.1)."""

    class Kind(models.TextChoices):
        ROOT = "root", _("Root")
        INTERMEDIATE = "intermediate", _("Intermediate")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("certificate", "Active")
        DEACTIVATED = "deactivated", _("Deactivated")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    domain = models.CharField(_("Partner domain"), max_length=8, choices=Domain.choices)
    kind = models.CharField(_("Type"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="children", verbose_name=_("Issuing CA"))
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    chain_deactivated = models.BooleanField(
        _("Chains through a deactivated CA"), default=False,
        help_text=_("Set when a CA above this one in the chain was deactivated."))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+", verbose_name=_("Uploaded by"))
    uploaded_at = models.DateTimeField(_("Uploaded at"), default=timezone.now)
    deactivated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                       blank=True, related_name="+", verbose_name=_("Deactivated by"))
    deactivated_at = models.DateTimeField(_("Deactivated at"), null=True, blank=True)

    class Meta:
        ordering = ["not_after", "id"]
        verbose_name = _("CA certificate")
        verbose_name_plural = _("CA certificates")
        permissions = [("manage_trust_store", _("Can manage the certificate trust store"))]
        constraints = [
            models.UniqueConstraint(fields=["domain", "fingerprint_sha256"],
                                    condition=models.Q(status="active"),
                                    name="cacertificate_unique_active_fingerprint_per_domain"),
            models.CheckConstraint(condition=models.Q(domain__in=Domain.values),
                                   name="cacertificate_domain_valid"),
            models.CheckConstraint(condition=models.Q(status__in=["active", "deactivated"]),
                                   name="cacertificate_status_valid"),
            models.CheckConstraint(
                condition=models.Q(kind="root", parent__isnull=True)
                | models.Q(kind="intermediate", parent__isnull=False),
                name="cacertificate_root_has_no_parent"),
        ]
        indexes = [models.Index(fields=["domain", "status", "kind"], name="cacert_domain_status_kind")]

    def __str__(self) -> str:
        return f"{self.subject_common_name or self.subject} ({self.domain})"

    def get_absolute_url(self) -> str:
        return code_url("certificates:ca_detail", self.code)

    @property
    def status_badge(self) -> tuple[str, str]:
        """(colour key, label) of its status badge: deactivated, chain deactivated or active."""
        return ca_status_badge(self.status, self.chain_deactivated)

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_trusted(self) -> bool:
        """Active and not under a deactivated CA: only these take part in chain building."""
        return self.is_active and not self.chain_deactivated


class PortalCAKey(models.Model):
    """A certificate and encrypted private key of the portal's own CA (§3.2): one root, signing intermediates.

    Rotation retires the current signing intermediate (kept for verification) and makes a new one current.
    """

    class Kind(models.TextChoices):
        ROOT = "root", _("Root")
        SIGNING = "signing", _("Signing intermediate")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("Type"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    certificate_pem = models.TextField(_("Certificate (PEM)"))
    encrypted_private_key = models.TextField(
        help_text="Fernet token of the PKCS#8 DER private key, encrypted with PMS_KEY_ENCRYPTION_KEY.")
    subject = models.CharField(_("Subject"), max_length=1000)
    serial_number = models.CharField(_("Serial number"), max_length=80)
    fingerprint_sha256 = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True)
    not_before = models.DateTimeField(_("Valid from"))
    not_after = models.DateTimeField(_("Valid until"))
    is_current = models.BooleanField(_("Current"), default=True)
    created_at = models.DateTimeField(_("Created at"), default=timezone.now)
    retired_at = models.DateTimeField(_("Retired at"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "-created_at", "-id"]
        verbose_name = _("portal CA key")
        verbose_name_plural = _("portal CA keys")
        constraints = [
            models.UniqueConstraint(fields=["kind"], condition=models.Q(is_current=True),
                                    name="portalcakey_one_current_per_kind"),
            models.CheckConstraint(condition=models.Q(kind__in=["root", "signing"]),
                                   name="portalcakey_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"


class PartnerCertificate(CertificateData):
    """A partner's CA-signed certificate (§3.3). Re-uploads keep the previous ones as history."""

    class Status(models.TextChoices):
        CURRENT = "current", _("Current")
        REPLACED = "replaced", _("Replaced")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="certificates",
                                verbose_name=_("Partner"))
    domain = models.CharField(_("Partner domain"), max_length=8, choices=Domain.choices)
    issuer_ca = models.ForeignKey(CACertificate, on_delete=models.PROTECT,
                                  related_name="partner_certificates", verbose_name=_("Issuing CA"))
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.CURRENT)
    chain_deactivated = models.BooleanField(_("Chains through a deactivated CA"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+", verbose_name=_("Uploaded by"))
    uploaded_at = models.DateTimeField(_("Uploaded at"), default=timezone.now)
    replaced_at = models.DateTimeField(_("Replaced at"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("partner certificate")
        verbose_name_plural = _("partner certificates")
        permissions = [("manage_partner_certificates", _("Can manage the certificates of any partner"))]
        constraints = [
            models.UniqueConstraint(fields=["partner"], condition=models.Q(status="current"),
                                    name="partnercertificate_one_current_per_partner"),
            models.CheckConstraint(condition=models.Q(status__in=["current", "replaced"]),
                                   name="partnercertificate_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_common_name or self.subject} ({self.partner_id})"

    @property
    def is_current(self) -> bool:
        return self.status == self.Status.CURRENT

    @property
    def is_in_force(self) -> bool:
        """What `has_valid_partner_certificate` asks: current, its chain still trusted and valid now."""
        return self.is_current and not self.chain_deactivated and self.is_valid_now


class PlatformSignedCertificate(CertificateData):
    """The portal's end-entity copy of a partner certificate (§3.3): same subject and key, new issuer."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner_certificate = models.OneToOneField(PartnerCertificate, on_delete=models.CASCADE,
                                               related_name="platform_signed")
    signed_by = models.ForeignKey(PortalCAKey, on_delete=models.PROTECT, related_name="issued_certificates",
                                  verbose_name=_("Signed by"))
    created_at = models.DateTimeField(_("Issued at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("platform-signed certificate")
        verbose_name_plural = _("platform-signed certificates")

    def __str__(self) -> str:
        return f"{self.subject_common_name or self.subject} (platform signed)"
