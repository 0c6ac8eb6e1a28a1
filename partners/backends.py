from allauth.account.auth_backends import AuthenticationBackend

from pms.passwords import too_long


class PortalBackend(AuthenticationBackend):
    """allauth's username-or-email backend, loading the session user with its partner and type at once."""

    def authenticate(self, request, **credentials):
        # Refused before anything is hashed, whichever form or command asks (PMS_PASSWORD_MAX_LENGTH).
        if too_long(credentials.get("password")):
            return None
        return super().authenticate(request, **credentials)

    def get_user(self, user_id):
        from .models import User

        user = User._default_manager.select_related("partner__partner_type").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        """A partner's user holds no staff permission (§1, `grant_role` refuses them a role): known without
        the two permission queries every page's navigation would otherwise cost such a user (issue 12)."""
        if user_obj.is_active and getattr(user_obj, "partner_id", None) and not user_obj.is_superuser:
            return set()
        return super().get_all_permissions(user_obj, obj)
