import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PHONE_FORMAT_ERROR = _("Enter a valid phone number in international format, starting with + and the "
                       "country code, e.g. +33 1 23 45 67 89.")


def normalize_phone_number(value: str) -> str:
    """The number in E.164 form (+33123456789); ValidationError when it is not a real number."""
    try:
        number = phonenumbers.parse(value.strip(), None)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(PHONE_FORMAT_ERROR, code="phone_format") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(PHONE_FORMAT_ERROR, code="phone_format")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
