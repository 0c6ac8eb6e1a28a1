"""Every state change of accounts and partners (PRODUCT.md §1, §2). Each one is audited."""

import secrets

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit.services as audit
from pms.errors import Refused
from pms.roles import ROLES, sync_roles

from .models import Language, Partner, PartnerType, User

_ID_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U: read aloud without doubt


def register_partner(*, username: str, email: str, password: str, first_name: str, last_name: str,
                     organization_name: str, partner_type: PartnerType, address: str, phone_number: str,
                     language: str = Language.ENGLISH) -> User:
    """Create a partner organization and its first user, with a fresh partner ID (§2 Self-registration)."""
    if not partner_type.is_active:
        raise Refused("partner_type_closed", _("This partner type is not open for registration."),
                      field="partner_type")
    with transaction.atomic():
        partner = Partner.objects.create(
            partner_id=new_partner_id(partner_type), organization_name=organization_name.strip(),
            partner_type=partner_type, address=address.strip(), phone_number=phone_number,
        )
        user = User(username=username, email=normalize_email(email), first_name=first_name.strip(),
                    last_name=last_name.strip(), language=language, partner=partner)
        user.set_password(password)
        user.save()
        audit.record(event="partner_registered", module="partners", actor=user, reference=partner,
                     details={"partner_id": partner.partner_id, "partner_type": partner_type.code,
                              "organization_name": partner.organization_name})
    return user


def normalize_email(email: str) -> str:
    # allauth compares addresses in lower case, so they are stored that way.
    return email.strip().lower()


def new_partner_id(partner_type: PartnerType) -> str:
    while True:
        candidate = f"{partner_type.id_prefix}-{''.join(secrets.choice(_ID_ALPHABET) for _ in range(6))}"
        if not Partner.objects.filter(partner_id=candidate).exists():
            return candidate


def update_profile(*, user: User, actor: User, first_name: str, last_name: str,
                   address: str | None = None, phone_number: str | None = None) -> User:
    """Change a user's name and, for a partner, the organization's contact details."""
    with transaction.atomic():
        changed = _assign(user, first_name=first_name.strip(), last_name=last_name.strip())
        user.save(update_fields=["first_name", "last_name"])
        if user.partner_id and address is not None and phone_number is not None:
            changed += _assign(user.partner, address=address.strip(), phone_number=phone_number)
            user.partner.save(update_fields=["address", "phone_number"])
        if changed:
            audit.record(event="profile_updated", module="accounts", actor=actor, reference=user,
                         details={"fields": changed})
    return user


def change_language(*, user: User, language: str) -> User:
    """Remember the user's preferred language (emails and new sessions use it)."""
    if language not in Language.values:
        raise Refused("unknown_language", _("Choose English, French or Arabic."), field="language")
    if user.language == language:
        return user
    with transaction.atomic():
        previous, user.language = user.language, language
        user.save(update_fields=["language"])
        audit.record(event="language_changed", module="accounts", actor=user, reference=user,
                     details={"from": previous, "to": language})
    return user


def grant_role(*, user: User, role: str, actor=None) -> User:
    """Make a user a partner admin or a policy manager (§1). Partners' users cannot hold staff roles."""
    _check_role(role)
    if user.partner_id:
        raise Refused("partner_user_role", _("A partner's user cannot hold a staff role."))
    with transaction.atomic():
        sync_roles()
        group = Group.objects.get(name=role)
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
            audit.record(event="role_granted", module="accounts", actor=actor, reference=user,
                         details={"role": role, "username": user.username})
    return user


def revoke_role(*, user: User, role: str, actor=None) -> User:
    _check_role(role)
    with transaction.atomic():
        group = Group.objects.filter(name=role).first()
        if group and user.groups.filter(pk=group.pk).exists():
            user.groups.remove(group)
            audit.record(event="role_revoked", module="accounts", actor=actor, reference=user,
                         details={"role": role, "username": user.username})
    return user


def create_staff_user(*, username: str, email: str, password: str, role: str, first_name: str = "",
                      last_name: str = "", language: str = Language.ENGLISH, actor=None) -> User:
    """Create a partner admin or policy manager account (operators run this from the shell)."""
    _check_role(role)
    if User.objects.filter(username__iexact=username).exists():
        raise Refused("username_taken", _("A user with that username already exists."))
    if User.objects.filter(email__iexact=email).exists():
        raise Refused("email_taken", _("A user is already registered with this email address."))
    with transaction.atomic():
        user = User(username=username, email=normalize_email(email), first_name=first_name,
                    last_name=last_name, language=language)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        audit.record(event="staff_user_created", module="accounts", actor=actor, reference=user,
                     details={"username": username, "role": role})
        grant_role(user=user, role=role, actor=actor)
    return user


def deactivate_partner(*, partner: Partner, actor: User, reason: str = "") -> Partner:
    """Deactivate a partner: its users can no longer log in and their sessions end (§2, §8)."""
    if not partner.is_active:
        raise Refused("already_deactivated", _("This partner is already deactivated."))
    with transaction.atomic():
        partner.status, partner.deactivated_at = Partner.Status.DEACTIVATED, timezone.now()
        partner.save(update_fields=["status", "deactivated_at"])
        partner.users.update(is_active=False)
        audit.record(event="partner_deactivated", module="partners", actor=actor, reference=partner,
                     details={"partner_id": partner.partner_id, "reason": reason})
    return partner


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise Refused("unknown_role", _("Unknown role."))


def _assign(obj, **values) -> list[str]:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return changed
