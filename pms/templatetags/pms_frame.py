"""The portal's frame (pms/frame.py): `{% load pms_frame %}` then `{% asset "pms/pms.css" %}`, `{% topbar %}`."""

from django import template

from pms import frame

register = template.Library()


@register.simple_tag
def asset(path: str) -> str:
    """{% static %} looked up once per process."""
    return frame.asset_url(path)


@register.simple_tag(takes_context=True)
def topbar(context):
    """The top bar: kept per language with placeholders, the request's values and bell put in (pms/frame.py)."""
    bell = context.get("notification_bell")  # the reader's, from the bell's context processor
    return frame.topbar_html(context["request"], frame.bell_html(bell if bell else None))
