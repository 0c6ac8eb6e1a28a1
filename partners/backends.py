from allauth.account.auth_backends import AuthenticationBackend


class PortalBackend(AuthenticationBackend):
    """allauth's username-or-email backend, loading the session user with its partner and type at once."""

    def get_user(self, user_id):
        from .models import User

        user = User._default_manager.select_related("partner__partner_type").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
