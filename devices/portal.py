"""What the devices app adds to the shell: cards and navigation, onboarding steps of device and FTM chip
providers, the admin's partner section, the expiry job and demo data."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certificates.selectors import has_valid_partner_certificate
from pms.permissions import has_feature
from pms.portal import (
    ExpiryJob,
    Feature,
    OnboardingStep,
    PartnerSection,
    StepState,
    register_demo_data,
    register_expiry_job,
    register_feature,
    register_onboarding_step,
    register_partner_section,
)

from . import selectors
from .models import Device, FtmChip, Sbi


def register() -> None:
    from . import audit_labels

    audit_labels.register()
    for feature in FEATURES:
        register_feature(feature)
    for step in STEPS:
        register_onboarding_step(step)
    register_partner_section(PartnerSection(
        key="devices", template="devices/sections/partner_admin.html", context=_admin_context,
        places=("admin",), order=70))
    from .services import deactivate_expired_sbis

    register_expiry_job(ExpiryJob(key="sbis", label="expired SBIs (with their devices)",
                                  run=deactivate_expired_sbis, order=20))
    from .demo import load_demo_devices

    register_demo_data(load_demo_devices, order=40)


FEATURES = [
    Feature(key="my_sbis", title=gettext_lazy("SBIs and devices"), url_name="devices:sbi_list", icon="fingerprint",
            description=gettext_lazy("Register your SBI software and your devices, and follow their approval."),
            visible=lambda user: has_feature(user, "sbi"), order=40),
    Feature(key="my_ftm_chips", title=gettext_lazy("FTM chips"), url_name="devices:chip_list", icon="cpu",
            description=gettext_lazy("Register your FTM chips with their certificates and follow their approval."),
            visible=lambda user: has_feature(user, "ftm"), order=40),
    Feature(key="sbi_devices", title=gettext_lazy("SBI–devices"), url_name="devices:review_sbi_list",
            also_active=("devices:review_device_list",), icon="fingerprint",
            description=gettext_lazy("Approve or reject the device providers' SBIs and devices."),
            visible=lambda user: user.has_perm(selectors.REVIEW_DEVICES), order=330,
            pending=lambda user: selectors.pending_sbi_count() + selectors.pending_device_count()),
    Feature(key="ftm_chips", title=gettext_lazy("FTM chips"), url_name="devices:review_chip_list", icon="cpu",
            description=gettext_lazy("Approve or reject the FTM chip providers' chips and their certificates."),
            visible=lambda user: user.has_perm(selectors.REVIEW_FTM_CHIPS), order=340,
            pending=lambda user: selectors.pending_chip_count()),
]


def _certificate_blocker(partner) -> str:
    return "" if has_valid_partner_certificate(partner) else _("Upload a valid partner certificate first.")


def _statuses(queryset) -> set[str]:
    return set(queryset.values_list("status", flat=True).distinct())


def _sbi_registered(partner) -> StepState:
    if partner.sbis.exclude(status=Sbi.Status.REJECTED).exists():
        return StepState(done=True)
    return StepState(done=False, blocked=_certificate_blocker(partner))


def _sbi_approved(partner) -> StepState:
    statuses = _statuses(partner.sbis)
    if Sbi.Status.APPROVED in statuses:
        return StepState(done=True)
    if Sbi.Status.PENDING in statuses:
        return StepState(done=False, detail=_("Waiting for a partner admin's decision."))
    if Sbi.Status.REJECTED in statuses:
        return StepState(done=False, detail=_("An SBI was rejected: open it to read the reason."))
    return StepState(done=False, blocked=_("Register an SBI first."))


def _devices_added(partner) -> StepState:
    if partner.devices.exclude(status=Device.Status.REJECTED).exists():
        return StepState(done=True)
    if not selectors.approved_sbis_accepting_devices(partner).exists():
        return StepState(done=False, blocked=_("Devices are added under an approved SBI."))
    return StepState(done=False)


def _device_approved(partner) -> StepState:
    statuses = _statuses(partner.devices)
    if Device.Status.APPROVED in statuses:
        return StepState(done=True)
    if Device.Status.PENDING in statuses:
        return StepState(done=False, detail=_("Waiting for a partner admin's decision."))
    return StepState(done=False, blocked=_("Add your devices first."))


def _chip_added(partner) -> StepState:
    if partner.ftm_chips.exclude(status=FtmChip.Status.REJECTED).exists():
        return StepState(done=True)
    return StepState(done=False, blocked=_certificate_blocker(partner))


def _chip_certificate(partner) -> StepState:
    if partner.ftm_chips.filter(certificates__isnull=False).exists():
        return StepState(done=True)
    if not partner.ftm_chips.filter(status=FtmChip.Status.PENDING_CERTIFICATE).exists():
        return StepState(done=False, blocked=_("Add an FTM chip first."))
    return StepState(done=False, detail=_("Open your chip and upload its certificate."))


def _chip_approved(partner) -> StepState:
    statuses = _statuses(partner.ftm_chips)
    if FtmChip.Status.APPROVED in statuses:
        return StepState(done=True)
    if FtmChip.Status.PENDING_APPROVAL in statuses:
        return StepState(done=False, detail=_("Waiting for a partner admin's decision."))
    if FtmChip.Status.REJECTED in statuses:
        return StepState(done=False, detail=_("A chip was rejected: open it to read the reason."))
    return StepState(done=False, blocked=_("Upload your chip's certificate first."))


def _provides(feature: str):
    return lambda partner: partner.partner_type.has_feature(feature)


STEPS = [
    OnboardingStep(key="sbi_registered", title=gettext_lazy("Register your SBI"), url_name="devices:sbi_list",
                   applies=_provides("sbi"), state=_sbi_registered, order=40),
    OnboardingStep(key="sbi_approved", title=gettext_lazy("Get your SBI approved"), url_name="devices:sbi_list",
                   applies=_provides("sbi"), state=_sbi_approved, order=50),
    OnboardingStep(key="devices_added", title=gettext_lazy("Add your devices"), url_name="devices:sbi_list",
                   applies=_provides("sbi"), state=_devices_added, order=60),
    OnboardingStep(key="device_approved", title=gettext_lazy("Get your devices approved"),
                   url_name="devices:sbi_list", applies=_provides("sbi"), state=_device_approved, order=70),
    OnboardingStep(key="chip_added", title=gettext_lazy("Add your FTM chip"), url_name="devices:chip_list",
                   applies=_provides("ftm"), state=_chip_added, order=40),
    OnboardingStep(key="chip_certificate", title=gettext_lazy("Upload the chip's certificate"),
                   url_name="devices:chip_list", applies=_provides("ftm"), state=_chip_certificate, order=50),
    OnboardingStep(key="chip_approved", title=gettext_lazy("Get your FTM chip approved"),
                   url_name="devices:chip_list", applies=_provides("ftm"), state=_chip_approved, order=60),
]


def _admin_context(partner, user) -> dict:
    kind = "sbi" if partner.partner_type.has_feature("sbi") else "ftm" if partner.partner_type.has_feature(
        "ftm") else ""
    return {
        "kind": kind,
        "sbis": selectors.partner_sbis_with_devices(partner) if kind == "sbi" else [],
        "orphans": list(selectors.orphan_devices(partner)) if kind == "sbi" else [],
        "chips": selectors.partner_chips_with_certificates(partner) if kind == "ftm" else [],
        "can_review_devices": user.has_perm(selectors.REVIEW_DEVICES),
        "can_review_chips": user.has_perm(selectors.REVIEW_FTM_CHIPS),
    }
