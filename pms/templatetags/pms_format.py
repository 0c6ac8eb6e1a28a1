"""How every template shows a value: `{% load pms_format %}` then

    {{ key.created_at|pms_datetime }}   1 Dec 2026, 14:03 UTC   (a moment)
    {{ cert.not_after|pms_date }}        1 Dec 2026              (a calendar day)
    {{ key.expires_at|pms_expires_in }}  Expires in 12 days      (remaining time, or "Expired 3 days ago")
    {{ key.expires_at|pms_expires_in:90 }}                        (the same, only within 90 days or once expired)
    {{ group.policy_count|pms_number }}  1,234                   (a count)
    {{ partner.email|ltr }}              an e-mail, URL, phone number, fingerprint… kept left-to-right in Arabic
    {{ partner.partner_id|partner_id }}  a partner ID: left-to-right and never broken across lines

Formats come from CLDR (pms/formats.py); never use Django's `|date` filter in a page.
"""

from django import template
from django.utils.html import format_html

from pms import formats

register = template.Library()


@register.filter
def pms_date(value) -> str:
    return formats.format_date(value)


@register.filter
def pms_datetime(value) -> str:
    return formats.format_datetime(value)


@register.filter
def pms_expires_in(value, within_days=None) -> str:
    """`|pms_expires_in:90` says nothing while the date is more than 90 days away (a 100-year key)."""
    return formats.expires_in(value, within_days=int(within_days) if within_days else None)


@register.filter
def pms_number(value) -> str:
    return formats.format_number(value)


@register.filter
def ltr(value) -> str:
    """Isolated left-to-right text, so that "+33 1 23 45 67 89" or an URL keeps its order in Arabic."""
    if value in (None, ""):
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter
def partner_id(value) -> str:
    if value in (None, ""):
        return ""
    return format_html('<bdi dir="ltr" class="identifier">{}</bdi>', value)
