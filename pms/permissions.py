"""The one permission layer (STYLE.md §6): every view checks role and partnership through these.

Roles are permissions granted to the groups in `pms.roles` (403 when missing); ownership comes
from scoped selectors, which answer 404 for another partner's rows.
"""

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied

from .roles import PARTNER_ADMIN, POLICY_MANAGER


def is_partner(user) -> bool:
    """A logged-in user of an active partner organization."""
    return bool(user.is_authenticated and user.partner_id and user.partner.is_active)


def has_feature(user, feature: str) -> bool:
    return is_partner(user) and user.partner.partner_type.has_feature(feature)


def has_role(user, role: str) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_pms_roles"):
        # One query per request at most; the auth backend prefetches groups for the session user.
        user._pms_roles = frozenset(g.name for g in user.groups.all())
    return role in user._pms_roles


def is_partner_admin(user) -> bool:
    return has_role(user, PARTNER_ADMIN)


def is_policy_manager(user) -> bool:
    return has_role(user, POLICY_MANAGER)


def is_staff_member(user) -> bool:
    return is_partner_admin(user) or is_policy_manager(user)


def _check(test, view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not test(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def permission_required(*perms: str):
    """Function views: 403 unless the user holds every permission (a superuser holds all)."""
    return lambda view: _check(lambda user: user.has_perms(perms), view)


def partner_or_permission_required(perm: str):
    """Function views serving both partners (their own rows) and staff holding `perm` (any partner's).

    Which rows the user reaches is then decided by the scoped selectors (404 otherwise).
    """
    return lambda view: _check(lambda user: is_partner(user) or user.has_perm(perm), view)


def partner_required(view=None, *, feature: str | None = None):
    """Function views: 403 unless the user belongs to an active partner (with `feature`, if given)."""
    test = (lambda user: has_feature(user, feature)) if feature else is_partner
    return _check(test, view) if view else (lambda v: _check(test, v))


class PermissionRequiredMixin(AccessMixin):
    """Class views: `permission_required = ("app.codename", …)`; 403 when one is missing."""

    permission_required: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perms(self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PartnerRequiredMixin(AccessMixin):
    """Class views for partners: sets `self.partner`; `partner_feature` narrows to partner types."""

    partner_feature: str | None = None

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        allowed = has_feature(user, self.partner_feature) if self.partner_feature else is_partner(user)
        if not allowed:
            raise PermissionDenied
        self.partner = user.partner
        return super().dispatch(request, *args, **kwargs)
