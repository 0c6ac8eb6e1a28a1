"""What a notice says, in the active language: its type and parameters become sentences and links.

The portal calls this at display time (the session's language); emails call it under
`translation.override(recipient.language)`.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pms import formats

from .models import Kind, Notification
from .rules import RULES


@dataclass(frozen=True)
class Rendered:
    message: str
    detail: str = ""
    renewal: str = ""
    item_url: str = ""
    renew_url: str = ""


class _Params(dict):
    """Parameters for %-formatting; a parameter an old notice lacks renders empty instead of failing."""

    def __missing__(self, key):
        return ""


def render(notice: Notification) -> Rendered:
    if notice.kind == Kind.WEEKLY_SUMMARY:
        return _render_summary(notice)
    rule = RULES.get(notice.kind)
    params = _Params(notice.params, date=format_date(notice.params.get("expires_at")))
    if rule is None:  # a kind whose rule was removed: still readable
        return Rendered(message=notice.item_name)
    days = int(params.get("days") or 0)
    template = rule.expires_today if days <= 0 else rule.expires_in
    return Rendered(
        message=str(template % params), detail=rule.detail(params), renewal=str(rule.renewal % params),
        item_url=_path(rule.item_url, params), renew_url=_path(rule.renew_url, params),
    )


def _path(build, params) -> str:
    """A link built from stored parameters; one that no longer resolves is left out rather than failing."""
    try:
        return build(params)
    except NoReverseMatch:
        return ""


def _render_summary(notice: Notification) -> Rendered:
    params = notice.params
    total, until = int(params.get("total") or 0), format_date(params.get("until"))
    if total:
        message = ngettext("%(count)d partner item expires in the 7 days up to %(until)s.",
                           "%(count)d partner items expire in the 7 days up to %(until)s.", total)
    else:
        message = _("No partner item expires in the 7 days up to %(until)s.")
    counts = params.get("counts") or {}
    detail = " · ".join(f"{Kind(kind).label}: {count}" for kind, count in counts.items() if kind in Kind.values)
    return Rendered(message=message % {"count": total, "until": until}, detail=detail,
                    item_url=notice.get_absolute_url())


def summary_rows(notice: Notification) -> list[dict]:
    """The items a weekly summary lists, with their type label, date and link, in the active language."""
    rows = []
    for item in notice.params.get("items") or []:
        rule = RULES.get(item.get("kind"))
        if rule is None or rule.summary_url is None:
            continue
        rows.append({**item, "name": item.get("name") or item.get("subject", ""), "type": Kind(item["kind"]).label,
                     "date": format_date(item.get("expires_at")), "url": _path(rule.summary_url, _Params(item))})
    return rows


def format_date(value: str | None) -> str:
    """An ISO datetime or date from the parameters, as a day in the portal's time zone and active language."""
    if not value:
        return ""
    moment = parse_datetime(value) if len(value) > 10 else None
    return formats.format_date(moment if moment is not None else parse_date(value)) or value


def absolute(path: str) -> str:
    """A link for an email: PMS_PORTAL_URL (the portal's public address) followed by the path."""
    return settings.PMS_PORTAL_URL.rstrip("/") + path


def notifications_path() -> str:
    return reverse("notifications:list")
