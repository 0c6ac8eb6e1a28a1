from allauth.account.auth_backends import AuthenticationBackend
from django.core.exceptions import ValidationError

from pms import prepared
from pms.passwords import too_long


class PortalBackend(AuthenticationBackend):
    """allauth's username-or-email backend, loading the session user with its partner and type at once."""

    def authenticate(self, request, **credentials):
        # Refused before anything is hashed, whichever form or command asks (PMS_PASSWORD_MAX_LENGTH).
        if too_long(credentials.get("password")):
            return None
        return super().authenticate(request, **credentials)

    def get_user(self, user_id):
        """On PostgreSQL the user's permissions come in the same query (an array subquery), so a staff page asks
        for them no more, and the query is compiled once per process and prepared once per connection
        (pms/prepared.py): compiling and planning it cost more than running it, on every page (issue 12)."""
        from django.db import connection

        from .models import User

        try:
            pk = User._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        if connection.vendor == "postgresql":
            user = prepared.fetch_model("session_user", _session_user, pk)
        else:
            user = User._default_manager.select_related("partner__partner_type").filter(pk=pk).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        """A partner's user holds no staff permission (§1, `grant_role` refuses them a role): known without
        the two permission queries every page's navigation would otherwise cost such a user (issue 12)."""
        if user_obj.is_active and getattr(user_obj, "partner_id", None) and not user_obj.is_superuser:
            return set()
        if (user_obj.is_active and not user_obj.is_anonymous and not user_obj.is_superuser and obj is None
                and not hasattr(user_obj, "_perm_cache")):
            granted = getattr(user_obj, "granted_permissions", None)
            user_obj._perm_cache = set(granted) if granted is not None else _permissions_of(user_obj)
        return super().get_all_permissions(user_obj, obj)


def _session_user(pk: int):
    from .models import User

    return (User._default_manager.select_related("partner__partner_type").filter(pk=pk)
            .annotate(granted_permissions=_granted_permissions())[:1])


def _granted_permissions():
    """The user's permissions as an array subquery of the user's own query (PostgreSQL)."""
    from django.contrib.postgres.expressions import ArraySubquery
    from django.db.models import OuterRef

    return ArraySubquery(_permission_names(OuterRef("pk")))


def _permissions_of(user) -> set[str]:
    """The user's permissions in one query, where Django's backend runs two (issue 12)."""
    return set(_permission_names(user))


def _permission_names(user):
    """The user's own and its groups' permissions as "app_label.codename", unordered and distinct."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q, Value
    from django.db.models.functions import Concat

    return (Permission.objects.filter(Q(user=user) | Q(group__user=user)).order_by()
            .values_list(Concat("content_type__app_label", Value("."), "codename"), flat=True).distinct())
