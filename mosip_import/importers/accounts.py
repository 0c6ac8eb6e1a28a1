"""Partner types (R1), partners keeping their MOSIP partner IDs (R4) and one account per partner email (R5)."""

from allauth.account.models import EmailAddress
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.models import Domain, Language, Partner, PartnerType, User
from partners.services import normalize_email
from policies.models import PartnerPolicyGroup, PolicyGroup

from .. import mapping
from ..source import Table
from .base import Context, Importer, Result, RowRefused, RowSkipped
from .notes import Notes, shorten

PARTNER_COLUMNS = ("id", "policy_group_id", "name", "address", "contact_no", "email_id", "user_id",
                   "partner_type_code", "approval_status", "is_active", "cr_dtimes", "upd_dtimes", "is_deleted")
PARTNER_TABLE = Table("pms", "partner", PARTNER_COLUMNS, optional=("lang_code",), order_by=("cr_dtimes", "id"))
ADDRESS_MAX = Partner._meta.get_field("address").max_length
PHONE_MAX = Partner._meta.get_field("phone_number").max_length


class PartnerTypes(Importer):
    kind = "partner_types"
    label = gettext_lazy("Partner types")
    table = Table("pms", "partner_type", ("code", "partner_description", "is_active", "is_deleted"),
                  optional=("is_policy_required",), order_by=("code",))
    model = PartnerType

    def source_id(self, row):
        return row["code"]

    def create(self, row, ctx):
        if mapping.is_staff_partner_type(row["code"]):
            raise RowSkipped("staff_type", _("MOSIP's partner admins are staff accounts here, not partners: create "
                                             "them with create_partner_admin."))
        seeded = mapping.partner_type_code(row["code"])
        if seeded:
            return Result(PartnerType.objects.get(code=seeded))
        needs_group = row["is_policy_required"] is not False
        taken = set(PartnerType.objects.values_list("id_prefix", flat=True))
        created = PartnerType.objects.create(
            code=mapping.new_type_code(row["code"]), name=(row["partner_description"] or row["code"])[:80],
            domain=Domain.AUTH, id_prefix=mapping.new_type_prefix(row["code"], taken),
            needs_policy_group=needs_group, features=["policies"] if needs_group else [], is_active=False,
            order=100)
        return Result(created, "new_partner_type", _("No such type here: created as a new partner type, closed "
                                                     "for registration (open it in Django's admin if needed)."))

    def update(self, target, row, ctx):
        return Result(target)


class Partners(Importer):
    kind = "partners"
    label = gettext_lazy("Partners")
    table = PARTNER_TABLE
    model = Partner

    def source_id(self, row):
        return row["id"]

    def create(self, row, ctx):
        partner_type = _partner_type(row, ctx)
        if Partner.objects.filter(partner_id=row["id"]).exists():
            raise RowRefused("partner_id_taken", _("A partner registered here already has this partner ID."))
        notes = Notes()
        # No full_clean(): the values are shaped above and the database's constraints refuse the rest (a
        # refused row is reported), which keeps a national import to a handful of queries per partner.
        partner = Partner.objects.create(partner_id=row["id"], partner_type=partner_type,
                                         **_partner_values(row, notes))
        Partner.objects.filter(pk=partner.pk).update(created_at=row["cr_dtimes"] or ctx.now)
        _choose_group(partner, row, ctx, notes, created=True)
        return notes.result(partner)

    def update(self, target, row, ctx):
        notes = Notes()
        was_active = target.is_active
        for name, value in _partner_values(row, notes).items():
            setattr(target, name, value)
        target.partner_type = _partner_type(row, ctx)
        target.save()
        if was_active != target.is_active:
            target.users.update(is_active=target.is_active)
        _choose_group(target, row, ctx, notes)
        return notes.result(target)


def _partner_type(row: dict, ctx: Context) -> PartnerType:
    if mapping.is_staff_partner_type(row["partner_type_code"]):
        raise RowSkipped("staff_partner", _("A partner admin in MOSIP: partner admins are staff accounts here; "
                                            "create the account with create_partner_admin."))
    type_id = ctx.target_id("partner_types", row["partner_type_code"])
    if type_id is None:
        raise RowRefused("unknown_partner_type", _("Its partner type %(code)s was not imported.")
                         % {"code": row["partner_type_code"]})
    return ctx.cached(PartnerType.objects.all(), type_id)


def _partner_values(row: dict, notes: Notes) -> dict:
    values = {
        "organization_name": " ".join((row["name"] or "").split())[:128],
        "address": shorten(row["address"], ADDRESS_MAX, notes, "address_shortened",
                           _("The address has %(length)s characters: the first %(limit)s were kept.")),
        "phone_number": shorten(row["contact_no"], PHONE_MAX, notes, "phone_shortened",
                                _("The phone number has %(length)s characters: the first %(limit)s were kept.")),
    }
    active = mapping.partner_is_active(row)
    values["status"] = Partner.Status.ACTIVE if active else Partner.Status.DEACTIVATED
    values["deactivated_at"] = None if active else (row["upd_dtimes"] or row["cr_dtimes"])
    return values


def _choose_group(partner: Partner, row: dict, ctx: Context, notes: Notes, created: bool = False) -> None:
    if not partner.partner_type.needs_policy_group or not row["policy_group_id"]:
        return
    group_id = ctx.target_id("policy_groups", row["policy_group_id"])
    if group_id is None:
        notes.add("policy_group_missing", _("Its policy group %(id)s was not imported: the partner must select "
                                            "a policy group.") % {"id": row["policy_group_id"]})
        return
    group = ctx.cached(PolicyGroup.objects.all(), group_id)
    if created:
        PartnerPolicyGroup.objects.create(partner=partner, group=group)
    else:
        PartnerPolicyGroup.objects.update_or_create(partner=partner, defaults={"group": group})


class Users(Importer):
    """R5: MOSIP keeps its users in Keycloak; each partner's email becomes one account here, with no usable
    password: the user sets one through a reset link (`--invite` sends it), and cannot log in before."""

    kind = "users"
    label = gettext_lazy("Users")
    table = PARTNER_TABLE
    model = User

    def source_id(self, row):
        return row["id"]

    def fingerprint(self, row):
        return super().fingerprint({k: row[k] for k in ("email_id", "user_id", "lang_code", "is_active")})

    def create(self, row, ctx):
        partner = _imported_partner(row, ctx)
        email = _email(row)
        if _users_where("email", email).exists():
            raise RowRefused("email_taken", _("Another account here already uses the email address %(email)s.")
                             % {"email": email})
        notes = Notes()
        user = User(username=_username(row, email, notes), email=email, partner=partner,
                    language=_language(row, notes), is_active=partner.is_active)
        user.set_unusable_password()
        user.save()  # user name and email were checked above, case-insensitively, as the constraints do
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        return notes.result(user)

    def update(self, target, row, ctx):
        notes = Notes()
        target.language = _language(row, notes)
        target.save(update_fields=["language"])
        return notes.result(target)


def _imported_partner(row: dict, ctx: Context) -> Partner:
    partner_id = ctx.target_id("partners", row["id"])
    if partner_id is None:
        raise RowSkipped("partner_not_imported", _("The partner was not imported, so neither is its account."))
    return Partner.objects.select_related("partner_type").get(pk=partner_id)


def _users_where(field: str, value: str):
    """Users whose `field` equals `value` ignoring case, through the Lower() unique index (iexact cannot use it)."""
    return User.objects.annotate(folded=Lower(field)).filter(folded=value.lower())


def _email(row: dict) -> str:
    email = normalize_email(row["email_id"] or "")
    try:
        validate_email(email)
    except ValidationError:
        raise RowRefused("no_email", _("The partner has no valid email address in MOSIP, so no account was "
                                       "created: add the partner's user by hand.")) from None
    return email


def _username(row: dict, email: str, notes: Notes) -> str:
    """MOSIP's Keycloak user ID when it is a valid, free username here; else the email, else the partner ID."""
    wanted = (row["user_id"] or "").strip()
    for candidate in (wanted, email, row["id"]):
        if _usable_username(candidate):
            if candidate != wanted:
                notes.add("username_changed", _("The MOSIP user name %(wanted)s is not valid or not free here: "
                                                "the account's user name is %(name)s.")
                          % {"wanted": wanted or "-", "name": candidate})
            return candidate
    raise RowRefused("no_username", _("No free user name could be found for the account."))


def _usable_username(name: str) -> bool:
    if not name or len(name) > 150 or _users_where("username", name).exists():
        return False
    try:
        UnicodeUsernameValidator()(name)
    except ValidationError:
        return False
    return True


def _language(row: dict, notes: Notes) -> str:
    language = mapping.language(row["lang_code"])
    if language is None:
        if row["lang_code"]:
            notes.add("language_unknown", _("The language %(code)s is not offered here: English is used.")
                      % {"code": row["lang_code"]})
        return Language.ENGLISH
    return language
