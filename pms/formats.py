"""One way to show dates, times, numbers and remaining time in each language, from CLDR through Babel.

Every page uses these (through `{% load pms_format %}`, see pms/templatetags/pms_format.py) and so does
Python code that puts a date into a message, so that "1 Dec 2026, 14:03 UTC" reads the same everywhere:

- dates are CLDR's "yMMMd" skeleton: unambiguous, with the month's name ("1 Dec 2026", "1 déc. 2026",
  "1 ديسمبر 2026"); English uses the day-month-year order of international English (en_GB);
- times are 24-hour ("Hm"), followed by the portal's time zone (settings.TIME_ZONE) as "UTC" or "UTC+01:00";
- numbers use the language's separators with Latin digits, as the rest of the portal (codes, IDs) does;
- remaining time is CLDR's relative duration ("in 12 days", "dans 12 jours", "خلال 12 يومًا").
"""

from datetime import date, datetime, timedelta
from functools import lru_cache

from babel.core import Locale, UnknownLocaleError
from babel.dates import format_skeleton, format_timedelta
from babel.numbers import format_decimal
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# The CLDR locale of each portal language when it is not the language code itself.
CLDR_LOCALES = {"en": "en_GB"}
# Babel picks the largest unit reaching this many; 2.5 keeps "12 days" rather than "2 weeks".
RELATIVE_THRESHOLD = 2.5


def cldr_locale(language: str | None = None) -> Locale:
    return _locale((language or get_language() or "en").split("-")[0])


def _language() -> str:
    return (get_language() or "en").split("-")[0]


@lru_cache(maxsize=64)
def _locale(code: str) -> Locale:
    try:
        return Locale.parse(CLDR_LOCALES.get(code, code))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en_GB")


# A list page shows the same few days and times on every row and every request: each is formatted once per
# language and process (issue 12), since Babel resolves the skeleton and the pattern on every call.
@lru_cache(maxsize=8192)
def _formatted_date(code: str, value: date) -> str:
    return format_skeleton("yMMMd", value, locale=_locale(code))


@lru_cache(maxsize=8192)
def _formatted_time(code: str, wall_clock: datetime) -> str:
    """`wall_clock` is naive (hours and minutes in the portal's zone), so equal instants in two zones differ."""
    return format_skeleton("Hm", wall_clock, locale=_locale(code))


@lru_cache(maxsize=64)
def _datetime_glue(code: str) -> str:
    return str(_locale(code).datetime_formats.get("medium", "{1} {0}"))


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def format_date(value) -> str:
    """A calendar day: "1 Dec 2026". Datetimes are first moved to the portal's time zone."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        value = _local(value).date()
    if not isinstance(value, date):
        return str(value)
    return _formatted_date(_language(), value)


def format_time(value: datetime) -> str:
    """A time of day, 24-hour, with the time zone: "14:03 UTC"."""
    value = _local(value)
    return f"{_formatted_time(_language(), value.replace(tzinfo=None, second=0, microsecond=0))} {zone_name(value)}"


def format_datetime(value) -> str:
    """A moment: "1 Dec 2026, 14:03 UTC" (the language's own way of joining date and time)."""
    if value in (None, ""):
        return ""
    if not isinstance(value, datetime):
        return format_date(value)
    glue = _datetime_glue(_language())
    return glue.replace("{1}", format_date(value)).replace("{0}", format_time(value))


def zone_name(value: datetime) -> str:
    """The offset of an aware moment as "UTC" or "UTC+01:00" (the same in every language)."""
    offset = value.utcoffset() if timezone.is_aware(value) else None
    if not offset:
        return "UTC"
    sign, minutes = ("+" if offset >= timedelta(0) else "-"), abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def format_number(value) -> str:
    """1234567 → "1,234,567" / "1 234 567"; anything that is not a number is shown as it is."""
    if value in (None, ""):
        return ""
    try:
        return format_decimal(value, locale=cldr_locale(), numbering_system="latn")
    except (TypeError, ValueError, ArithmeticError):
        return str(value)


def relative(value: datetime, *, now: datetime | None = None) -> str:
    """How far a moment is from now: "in 12 days", "3 days ago"."""
    delta = value - (now or timezone.now())
    return format_timedelta(delta, add_direction=True, threshold=RELATIVE_THRESHOLD, locale=cldr_locale())


def expires_in(value, *, now: datetime | None = None, within_days: int | None = None) -> str:
    """ "Expires in 12 days" or "Expired 3 days ago"; empty without a date, or further away than `within_days`."""
    if not isinstance(value, datetime):
        return ""
    now = now or timezone.now()
    if within_days is not None and value - now > timedelta(days=within_days):
        return ""
    if value <= now:
        return _("Expired %(when)s") % {"when": relative(value, now=now)}
    return _("Expires %(when)s") % {"when": relative(value, now=now)}
