"""Demo accounts: one partner admin, one policy manager and one partner of each seeded type."""

import secrets

from pms.roles import PARTNER_ADMIN, POLICY_MANAGER

from . import services
from .models import PartnerType, User

STAFF = [
    ("admin", "admin@example.org", PARTNER_ADMIN, "Amina", "Diallo"),
    ("policymanager", "policies@example.org", POLICY_MANAGER, "Paul", "Martin"),
]
PARTNERS = [
    ("authpartner", "auth-partner", "Acme Authentication", "Alice", "Moreau", "+33123456789"),
    ("credpartner", "credential-partner", "Credo Print Services", "Karim", "Haddad", "+212522123456"),
    ("deviceprovider", "device-provider", "BioScan Devices", "Chen", "Li", "+6562223333"),
    ("ftmprovider", "ftm-provider", "SecureChip FTM", "Sara", "Nilsson", "+46812345678"),
]


def load_demo_partners(*, stdout, reset_passwords: bool = False) -> list[tuple[str, str, str]]:
    """Create the demo accounts that are missing; returns (username, password, what) for each new one."""
    created = []
    for username, email, role, first, last in STAFF:
        password = _password()
        user = User.objects.filter(username=username).first()
        if user is None:
            services.create_staff_user(username=username, email=email, password=password, role=role,
                                       first_name=first, last_name=last)
        elif reset_passwords:
            _reset(user, password)
        else:
            continue
        created.append((username, password, role.replace("_", " ")))
    for username, type_code, organization, first, last, phone in PARTNERS:
        password = _password()
        user = User.objects.filter(username=username).first()
        if user is None:
            services.register_partner(
                username=username, email=f"{username}@example.org", password=password, first_name=first,
                last_name=last, organization_name=organization,
                partner_type=PartnerType.objects.get(code=type_code), address="1 Demo Street, Demo City",
                phone_number=phone,
            )
        elif reset_passwords:
            _reset(user, password)
        else:
            continue
        created.append((username, password, type_code.replace("-", " ")))
    return created


def _password() -> str:
    return secrets.token_urlsafe(12)


def _reset(user: User, password: str) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
