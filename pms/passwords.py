"""The upper bound on passwords (PMS_PASSWORD_MAX_LENGTH): as a password validator for new passwords, and as
the check the authentication backend makes before it hashes anything."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def too_long(password) -> bool:
    return isinstance(password, str) and len(password) > settings.PMS_PASSWORD_MAX_LENGTH


class MaximumLengthValidator:
    """AUTH_PASSWORD_VALIDATORS entry: a new password has at most PMS_PASSWORD_MAX_LENGTH characters."""

    def validate(self, password, user=None):
        if too_long(password):
            raise ValidationError(self.get_help_text(), code="password_too_long")

    def get_help_text(self):
        limit = settings.PMS_PASSWORD_MAX_LENGTH
        return ngettext("Your password can have at most %(max)d character.",
                        "Your password can have at most %(max)d characters.", limit) % {"max": limit}

    def __repr__(self):
        return _("maximum password length")
