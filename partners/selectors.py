"""Reads of partners for the partner admin's pages (PRODUCT.md §8)."""

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from pms.roles import PARTNER_ADMIN

from .models import Partner, PartnerType, User

PARTNER_SORTS = {
    "organization": ["organization_name", "id"], "-organization": ["-organization_name", "-id"],
    "partner_id": ["partner_id"], "-registered": ["-created_at", "-id"], "registered": ["created_at", "id"],
}

# What the admin's list shows of each partner (templates/partners/admin/_partner_row.html, partners.rows.PartnerRow),
# in that order, before its contact email.
LIST_COLUMNS = ("code", "partner_id", "organization_name", "status", "created_at", "partner_type__name")


def partners_for_admin(*, search: str = "", partner_type: PartnerType | None = None, status: str = "",
                       sort: str = "organization") -> QuerySet:
    """Partners narrowed by the admin's filters, in the order chosen; the list reads them as `list_columns()`.

    The search matches the organization, the partner ID or a user's email (`Partner.search_text`)."""
    partners = Partner.objects.all()
    if search:
        # One trigram-indexed column (Partner.search_text): a frequent term is found walking the order index,
        # a rare one from the trigram index; never a join with every partner (issue 12).
        partners = partners.filter(search_text__icontains=search)
    if partner_type is not None:
        partners = partners.filter(partner_type=partner_type)
    if status:
        partners = partners.filter(status=status)
    return partners.order_by(*(PARTNER_SORTS.get(sort) or PARTNER_SORTS["organization"]))


def list_columns() -> tuple:
    """What the list shows of a partner: LIST_COLUMNS and its first user's email, from a subquery evaluated for
    the page's rows only: one query per page, no model built per row (issue 12)."""
    first_email = User.objects.filter(partner=OuterRef("pk")).order_by("date_joined", "id").values("email")[:1]
    return (*LIST_COLUMNS, Subquery(first_email))


def get_partner_for_admin(*, code) -> Partner:
    try:
        return Partner.objects.select_related("partner_type").get(code=code)
    except (Partner.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404 from error


def partner_users(partner: Partner) -> QuerySet[User]:
    return partner.users.order_by("date_joined", "id")


def partner_admins() -> QuerySet[User]:
    """The active users holding the partner admin role (PRODUCT.md §1), e.g. to be told about the trust store."""
    return User.objects.filter(is_active=True, groups__name=PARTNER_ADMIN).distinct().order_by("pk")
