"""Reads of partners for the partner admin's pages (PRODUCT.md §8)."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from pms.roles import PARTNER_ADMIN

from .models import Partner, PartnerType, User

PARTNER_SORTS = {
    "organization": ["organization_name", "id"], "-organization": ["-organization_name", "-id"],
    "partner_id": ["partner_id"], "-registered": ["-created_at", "-id"], "registered": ["created_at", "id"],
}


def partners_for_admin(*, search: str = "", partner_type: PartnerType | None = None, status: str = "",
                       sort: str = "organization") -> QuerySet[Partner]:
    """Partners with their type and users (for the contact email), narrowed by the admin's filters.

    The search matches the organization, the partner ID or a user's email (`Partner.search_text`)."""
    partners = Partner.objects.select_related("partner_type").defer("search_text").prefetch_related(
        Prefetch("users", queryset=User.objects.order_by("date_joined", "id")))
    if search:
        # One trigram-indexed column (Partner.search_text): a frequent term is found walking the order index,
        # a rare one from the trigram index; never a join with every partner (issue 12).
        partners = partners.filter(search_text__icontains=search)
    if partner_type is not None:
        partners = partners.filter(partner_type=partner_type)
    if status:
        partners = partners.filter(status=status)
    return partners.order_by(*(PARTNER_SORTS.get(sort) or PARTNER_SORTS["organization"]))


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
