"""Demo data: an approved SBI with devices (one still pending) for the demo device provider, and an FTM chip
whose certificate waits for approval for the demo FTM chip provider, so that both admin queues are filled."""

import hashlib
from datetime import timedelta

from certificates.demo import demo_end_entity_pem
from certificates.selectors import has_valid_partner_certificate
from partners.models import Domain, User

from . import services
from .models import portal_today
from .services.sbis import years_from


def load_demo_devices(*, stdout, reset_passwords: bool = False) -> list:
    """Add what is missing (runs after the certificates loader); demo accounts come from the partners loader."""
    admin = User.objects.filter(username="admin").first()
    device_user = _user("deviceprovider")
    if device_user and not device_user.partner.sbis.exists():
        _sbi_with_devices(device_user, admin)
        stdout.write(f"  Demo SBI and devices for {device_user.partner.partner_id}")
    ftm_user = _user("ftmprovider")
    if ftm_user and not ftm_user.partner.ftm_chips.exists():
        _chip_with_certificate(ftm_user)
        stdout.write(f"  Demo FTM chip for {ftm_user.partner.partner_id}")
    return []


def _user(username: str) -> User | None:
    user = User.objects.select_related("partner__partner_type").filter(username=username).first()
    if user is None or user.partner is None or not has_valid_partner_certificate(user.partner):
        return None
    return user


def _sbi_with_devices(user: User, admin: User | None) -> None:
    today = portal_today()
    sbi = services.register_sbi(
        provider=user.partner, version="1.0.0", binary_hash=hashlib.sha256(b"demo sbi 1.0.0").hexdigest(),
        creation_date=today - timedelta(days=30), expiry_date=years_from(today, 2), actor=user)
    services.approve_sbi(sbi=sbi, actor=admin, note="Demo approval")
    approved, _pending = services.add_devices(sbi=sbi, actor=user, rows=[
        services.DeviceRow("Finger", "Slap", "BioScan", "FS-400"),
        services.DeviceRow("Iris", "Double", "BioScan", "IR-20"),
    ])
    services.approve_device(device=approved, actor=admin)


def _chip_with_certificate(user: User) -> None:
    chip = services.create_chip(provider=user.partner, make="SecureChip", model="SC-100", actor=user)
    pem = demo_end_entity_pem(Domain.FTM, organization=user.partner.organization_name,
                              common_name=f"{chip.make} {chip.model} FTM chip")
    services.upload_chip_certificate(chip=chip, data=pem, filename="demo-ftm-chip.pem", actor=user)
