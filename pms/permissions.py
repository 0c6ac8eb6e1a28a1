"""The one permission layer (STYLE.md §6): every view checks role and partnership through these.

Roles are permissions granted to the groups in `pms.roles` (403 when missing; templates use
`perms`); ownership comes from scoped selectors, which answer 404 for another partner's rows.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied


def is_partner(user) -> bool:
    """A logged-in user of an active partner organization."""
    return bool(user.is_authenticated and user.partner_id and user.partner.is_active)


def has_feature(user, feature: str) -> bool:
    return is_partner(user) and user.partner.partner_type.has_feature(feature)


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
