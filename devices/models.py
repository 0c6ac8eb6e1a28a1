"""Device providers' SBIs and devices, FTM chip providers' chips and their certificates (PRODUCT.md §7)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.models import CertificateData


def portal_today(now=None):
    """Today in the portal's time zone (settings.TIME_ZONE): SBI dates are days there."""
    return timezone.localdate(now or timezone.now(), timezone.get_default_timezone())


class DeactivationReason(models.TextChoices):
    BY_PROVIDER = "by_provider", _("Deactivated by the provider")
    BY_ADMIN = "by_admin", _("Deactivated by a partner admin")
    EXPIRED = "expired", _("SBI expired")
    SBI_DEACTIVATED = "sbi_deactivated", _("SBI deactivated")


AUTO_REJECTIONS = {
    DeactivationReason.SBI_DEACTIVATED: _("Rejected automatically: its SBI was deactivated."),
    DeactivationReason.EXPIRED: _("Rejected automatically: the SBI expired before a decision was made."),
}


class ShownComment:
    """The admin's comment as the provider reads it; automatic rejections are shown in the reader's language."""

    @property
    def shown_comment(self) -> str:
        if self.status == "rejected" and self.deactivation_reason in AUTO_REJECTIONS:
            return AUTO_REJECTIONS[self.deactivation_reason]
        return self.comment


def _user_fk(verbose_name):
    return models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=verbose_name)


class Sbi(ShownComment, models.Model):
    """A device provider's secure biometric interface (SBI) software, approved by a partner admin (§7)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        DEACTIVATED = "deactivated", _("Deactivated")

    OPEN_STATUSES = (Status.PENDING, Status.APPROVED)

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="sbis",
                                 verbose_name=_("Device provider"))
    version = models.CharField(_("SBI version"), max_length=64)
    binary_hash = models.CharField(_("Binary hash"), max_length=256)
    creation_date = models.DateField(_("Creation date"))
    expiry_date = models.DateField(_("Expiry date"), db_index=True)
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    submitted_by = _user_fk(_("Submitted by"))
    submitted_at = models.DateTimeField(_("Submitted at"), default=timezone.now)
    decided_by = _user_fk(_("Decided by"))
    decided_at = models.DateTimeField(_("Decided at"), null=True, blank=True)
    comment = models.TextField(_("Admin's comment"), max_length=1000, blank=True)
    deactivated_by = _user_fk(_("Deactivated by"))
    deactivated_at = models.DateTimeField(_("Deactivated at"), null=True, blank=True)
    deactivation_reason = models.CharField(_("Reason for deactivation"), max_length=16, blank=True,
                                           choices=DeactivationReason.choices)
    deactivation_note = models.TextField(_("Partner admin's note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("SBI")
        verbose_name_plural = _("SBIs")
        permissions = [("review_devices", _("Can approve, reject and deactivate SBIs and devices"))]
        constraints = [
            # A rejected SBI can be submitted again, corrected, under the same version.
            models.UniqueConstraint("provider", Lower("version"), condition=~Q(status="rejected"),
                                    name="sbi_version_unique_per_provider"),
            models.CheckConstraint(condition=Q(status__in=["pending", "approved", "rejected", "deactivated"]),
                                   name="sbi_status_valid"),
            models.CheckConstraint(condition=Q(expiry_date__gt=models.F("creation_date")),
                                   name="sbi_expiry_after_creation"),
            models.CheckConstraint(condition=~Q(status="rejected") | ~Q(comment=""),
                                   name="sbi_rejection_has_comment"),
        ]
        indexes = [models.Index(fields=["status", "expiry_date"], name="sbi_status_expiry")]

    def __str__(self) -> str:
        return f"SBI {self.version} ({self.provider_id})"

    def get_absolute_url(self) -> str:
        """The provider's page; partner admins see it at `devices:review_sbi`."""
        return reverse("devices:sbi_detail", args=[self.code])

    @property
    def is_expired(self) -> bool:
        """Past its expiry date: the expiry date itself is the SBI's last valid day."""
        return self.expiry_date < portal_today()

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def display_status(self) -> str:
        """What people read: "expired" for a pending or approved SBI past its expiry date."""
        return "expired" if self.is_open and self.is_expired else self.status

    @property
    def display_status_label(self) -> str:
        return _("Expired") if self.display_status == "expired" else self.get_status_display()

    @property
    def accepts_devices(self) -> bool:
        return self.status == self.Status.APPROVED and not self.is_expired


class DeviceType(models.TextChoices):
    FINGER = "Finger", _("Finger")
    IRIS = "Iris", _("Iris")
    FACE = "Face", _("Face")


class DeviceSubtype(models.TextChoices):
    SLAP = "Slap", _("Slap")
    SINGLE = "Single", _("Single")
    TOUCHLESS = "Touchless", _("Touchless")
    DOUBLE = "Double", _("Double")
    FULL_FACE = "Full face", _("Full face")


SUBTYPES = {
    DeviceType.FINGER: [DeviceSubtype.SLAP, DeviceSubtype.SINGLE, DeviceSubtype.TOUCHLESS],
    DeviceType.IRIS: [DeviceSubtype.SINGLE, DeviceSubtype.DOUBLE],
    DeviceType.FACE: [DeviceSubtype.FULL_FACE],
}


class Device(ShownComment, models.Model):
    """A device registered under an SBI, approved by a partner admin (§7).

    `sbi` is null once its SBI is gone (deleted by an operator): such an orphan can only be rejected.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        DEACTIVATED = "deactivated", _("Deactivated")

    OPEN_STATUSES = (Status.PENDING, Status.APPROVED)

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="devices",
                                 verbose_name=_("Device provider"))
    sbi = models.ForeignKey(Sbi, on_delete=models.SET_NULL, null=True, blank=True, related_name="devices",
                            verbose_name=_("SBI"))
    device_type = models.CharField(_("Device type"), max_length=16, choices=DeviceType.choices)
    device_subtype = models.CharField(_("Device subtype"), max_length=16, choices=DeviceSubtype.choices)
    make = models.CharField(_("Make"), max_length=36)
    model = models.CharField(_("Model"), max_length=36)
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    submitted_by = _user_fk(_("Submitted by"))
    submitted_at = models.DateTimeField(_("Submitted at"), default=timezone.now)
    decided_by = _user_fk(_("Decided by"))
    decided_at = models.DateTimeField(_("Decided at"), null=True, blank=True)
    comment = models.TextField(_("Admin's comment"), max_length=1000, blank=True)
    deactivated_by = _user_fk(_("Deactivated by"))
    deactivated_at = models.DateTimeField(_("Deactivated at"), null=True, blank=True)
    deactivation_reason = models.CharField(_("Reason for deactivation"), max_length=16, blank=True,
                                           choices=DeactivationReason.choices)
    deactivation_note = models.TextField(_("Partner admin's note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        constraints = [
            models.UniqueConstraint("provider", Lower("make"), Lower("model"),
                                    condition=Q(status__in=["pending", "approved"]),
                                    name="device_make_model_unique_among_open"),
            models.CheckConstraint(condition=Q(status__in=["pending", "approved", "rejected", "deactivated"]),
                                   name="device_status_valid"),
            models.CheckConstraint(
                condition=Q(device_type="Finger", device_subtype__in=["Slap", "Single", "Touchless"])
                | Q(device_type="Iris", device_subtype__in=["Single", "Double"])
                | Q(device_type="Face", device_subtype="Full face"),
                name="device_subtype_of_its_type"),
            models.CheckConstraint(condition=~Q(status="rejected") | ~Q(comment=""),
                                   name="device_rejection_has_comment"),
        ]

    def __str__(self) -> str:
        return f"{self.make} {self.model}"

    @property
    def is_orphan(self) -> bool:
        """Its SBI is gone or no longer approved (deactivated): the device can no longer be approved."""
        return self.sbi_id is None or self.sbi.status != Sbi.Status.APPROVED


class FtmChip(models.Model):
    """An FTM chip of an FTM chip provider; its certificate is checked under the FTM domain (§7)."""

    class Status(models.TextChoices):
        PENDING_CERTIFICATE = "pending_certificate", _("Pending certificate upload")
        PENDING_APPROVAL = "pending_approval", _("Pending approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        DEACTIVATED = "deactivated", _("Deactivated")

    OPEN_STATUSES = (Status.PENDING_CERTIFICATE, Status.PENDING_APPROVAL, Status.APPROVED)

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="ftm_chips",
                                 verbose_name=_("FTM chip provider"))
    make = models.CharField(_("Make"), max_length=36)
    model = models.CharField(_("Model"), max_length=36)
    status = models.CharField(_("Status"), max_length=24, choices=Status.choices,
                              default=Status.PENDING_CERTIFICATE)
    created_by = _user_fk(_("Created by"))
    created_at = models.DateTimeField(_("Created"), default=timezone.now)
    decided_by = _user_fk(_("Decided by"))
    decided_at = models.DateTimeField(_("Decided at"), null=True, blank=True)
    comment = models.TextField(_("Admin's comment"), max_length=1000, blank=True)
    deactivated_by = _user_fk(_("Deactivated by"))
    deactivated_at = models.DateTimeField(_("Deactivated at"), null=True, blank=True)
    deactivation_reason = models.CharField(_("Reason for deactivation"), max_length=16, blank=True,
                                           choices=DeactivationReason.choices)
    deactivation_note = models.TextField(_("Partner admin's note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("FTM chip")
        verbose_name_plural = _("FTM chips")
        permissions = [("review_ftm_chips", _("Can approve, reject and deactivate FTM chips"))]
        constraints = [
            models.UniqueConstraint("provider", Lower("make"), Lower("model"),
                                    condition=~Q(status__in=["rejected", "deactivated"]),
                                    name="ftmchip_make_model_unique_among_open"),
            models.CheckConstraint(
                condition=Q(status__in=["pending_certificate", "pending_approval", "approved", "rejected",
                                        "deactivated"]),
                name="ftmchip_status_valid"),
            models.CheckConstraint(condition=~Q(status="rejected") | ~Q(comment=""),
                                   name="ftmchip_rejection_has_comment"),
        ]

    def __str__(self) -> str:
        return f"{self.make} {self.model}"

    def get_absolute_url(self) -> str:
        """The provider's page; partner admins see it at `devices:review_chip`."""
        return reverse("devices:chip_detail", args=[self.code])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def accepts_certificate(self) -> bool:
        return self.is_open


class FtmChipCertificate(CertificateData):
    """An FTM chip's CA-signed certificate. A re-upload keeps the previous ones as history."""

    class Status(models.TextChoices):
        CURRENT = "current", _("Current")
        REPLACED = "replaced", _("Replaced")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    chip = models.ForeignKey(FtmChip, on_delete=models.CASCADE, related_name="certificates",
                             verbose_name=_("FTM chip"))
    issuer_ca = models.ForeignKey("certificates.CACertificate", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("Issuing CA"))
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.CURRENT)
    uploaded_by = _user_fk(_("Uploaded by"))
    uploaded_at = models.DateTimeField(_("Uploaded at"), default=timezone.now)
    replaced_at = models.DateTimeField(_("Replaced at"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("FTM chip certificate")
        verbose_name_plural = _("FTM chip certificates")
        constraints = [
            models.UniqueConstraint(fields=["chip"], condition=Q(status="current"),
                                    name="ftmchipcertificate_one_current_per_chip"),
            models.CheckConstraint(condition=Q(status__in=["current", "replaced"]),
                                   name="ftmchipcertificate_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_common_name or self.subject} ({self.chip_id})"

    @property
    def is_current(self) -> bool:
        return self.status == self.Status.CURRENT

    @property
    def chain_deactivated(self) -> bool:
        """Its issuing CA, or a CA above it, was deactivated in the trust store (select_related `issuer_ca`)."""
        return not self.issuer_ca.is_trusted


class FtmChipSignedCertificate(CertificateData):
    """The portal's end-entity copy of an FTM chip certificate: same subject and key, issued by the portal CA."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    chip_certificate = models.OneToOneField(FtmChipCertificate, on_delete=models.CASCADE,
                                            related_name="platform_signed")
    signed_by = models.ForeignKey("certificates.PortalCAKey", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("Signed by"))
    created_at = models.DateTimeField(_("Issued at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("platform-signed FTM chip certificate")
        verbose_name_plural = _("platform-signed FTM chip certificates")

    def __str__(self) -> str:
        return f"{self.subject_common_name or self.subject} (platform signed)"
