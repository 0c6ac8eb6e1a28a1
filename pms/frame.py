"""The portal's frame, the part of every page around its content, as cheap as it can be (issue 12).

The top bar (brand, language switcher, bell, user menu) is the same for every request of one language but for
a few values: the CSRF token, the path the forms return to, the user's name and organization and the bell.
Its template is rendered once per language, script prefix and language list with a placeholder for each of
those values, and kept per process; each request puts its own values, escaped, in their places. The bell's
panel is a function of the reader's unread count and latest notices (their data, not who reads them), the
language, the time zone and the minute (it shows dates): it is rendered once per those, with the same
placeholders, in the per-process store of `pms.rows`. Static files' addresses are looked up once per process
(the manifest does not change while the process runs).
"""

import time
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.signals import setting_changed
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

from .rows import cached, state

TOPBAR, BELL = "layouts/_topbar.html", "notifications/_bell.html"
# Placeholders: private-use characters, which escaping leaves alone and no translation or URL contains.
_CSRF, _NEXT, _USER, _BELL = "\ue000csrf\ue000", "\ue000next\ue000", "\ue000user\ue000", "\ue000bell\ue000"
_topbars: dict[tuple, str] = {}


class _PlaceholderRequest:
    """What the top bar's templates read of the request, as placeholders (the language switcher's `next`)."""

    def get_full_path(self) -> str:
        return _NEXT


def _topbar_template(key: tuple) -> str:
    html = _topbars.get(key)
    if html is None:
        html = render_to_string(TOPBAR, {"csrf_token": _CSRF, "request": _PlaceholderRequest(), "user_label": _USER,
                                         "bell": _BELL, "portal_languages": settings.LANGUAGES})
        if any(placeholder not in html for placeholder in (_CSRF, _NEXT, _USER, _BELL)):
            raise RuntimeError(f"{TOPBAR} lost a placeholder")
        if len(_topbars) >= 64:
            _topbars.clear()
        _topbars[key] = html
    return html


def bell_html(bell) -> str:
    """The bell's panel for this bell (None: no bell), with placeholders for the CSRF token and the return path."""
    if bell is None:
        return ""
    key = (BELL, get_language(), get_script_prefix(), get_current_timezone_name(), int(time.time() // 60),
           bell.unread, tuple(state(notice) for notice in bell.latest))
    return cached(key, lambda: render_to_string(BELL, {
        "notification_bell": bell, "csrf_token": _CSRF, "request": _PlaceholderRequest()}))


def topbar_html(request, bell: str) -> SafeString:
    """The top bar for this request, around `bell` (from `bell_html`)."""
    key = (get_language(), get_script_prefix(), tuple(code for code, _name in settings.LANGUAGES))
    user = request.user
    partner = user.partner if getattr(user, "partner_id", None) else None
    if partner is not None:
        label = format_html('<span class="org-name">{}</span> · <span class="username">{}</span>',
                            partner.organization_name, user.get_username())
    else:
        label = format_html('<span class="username">{}</span>', user.get_username())
    # The user's label last: a name that contains a placeholder's text keeps it as text.
    html = (_topbar_template(key).replace(_BELL, bell).replace(_CSRF, conditional_escape(get_token(request)))
            .replace(_NEXT, conditional_escape(request.get_full_path())).replace(_USER, label))
    return mark_safe(html)  # noqa: S308 (our template's output; every value put in is escaped above)


@lru_cache(maxsize=256)
def asset_url(path: str) -> str:
    return staticfiles_storage.url(path)


def _forget_assets(*, setting, **kwargs) -> None:
    if setting in ("STATIC_URL", "STATIC_ROOT", "STORAGES"):
        asset_url.cache_clear()


setting_changed.connect(_forget_assets)
