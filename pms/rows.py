"""List rows rendered once per content, language, time zone and minute, kept per process (issue 12).

A list page renders the same rows on request after request; Django's template engine spends a few hundred
microseconds on each. `{% row "app/_row.html" item %}` renders the row template with the item alone (no request,
no user: such a template must show nothing but the item) and keeps the HTML under a key made of everything the
row is a function of:

- the item's state: every value loaded on it, of the rows joined to it (select_related) and prefetched with it,
  and whatever the view set on it (an effective status…), compared for equality, not by a hash;
- the active language and time zone;
- the current minute, since rows say "expires in 3 days" or compute a validity from the clock.

Two users share a row's HTML only if they were shown the very same row, which the selectors decided each may see.
A row whose data changed has another key; an unchanged row is served from memory for at most a minute.
"""

import time
from collections import OrderedDict
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.db.models import Model
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

MAX_ROWS = 10000
_SIMPLE = (str, int, float, bool, type(None), Decimal, date, datetime, UUID)
_rows: OrderedDict[tuple, SafeString] = OrderedDict()


def state(obj, _path: frozenset = frozenset()) -> tuple:
    """Everything loaded on a model instance, recursively, as a tuple that compares equal iff the data is equal.
    An instance met again below itself (a prefetched user's cached partner) stands as its class and key."""
    if id(obj) in _path:
        return (type(obj).__name__, "seen", obj.pk)
    path = _path | {id(obj)}
    items = []
    for name, value in obj.__dict__.items():
        if name == "_state":
            items.append(("_related", tuple((key, _frozen(related, path))
                                            for key, related in sorted(value.fields_cache.items()))))
        elif name == "_prefetched_objects_cache":
            items.append((name, tuple((key, tuple(state(o, path) for o in objs))
                                      for key, objs in sorted(value.items()))))
        else:
            items.append((name, _frozen(value, path)))
    return (type(obj).__name__, *items)


def _frozen(value, path: frozenset):
    if isinstance(value, _SIMPLE):
        return value
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Model):
        return state(value, path)
    if isinstance(value, list | tuple):
        return tuple(_frozen(item, path) for item in value)
    return repr(value)  # a dict (JSON), another object: its full text


def cached(key: tuple, render) -> SafeString:
    """The HTML kept under `key`, rendered by `render()` the first time; the per-process store is bounded
    (oldest out first). The key must hold everything the HTML is a function of."""
    html = _rows.get(key)
    if html is None:
        html = render()
        _rows[key] = html
        if len(_rows) > MAX_ROWS:
            _rows.popitem(last=False)
    return html


def kept(key: tuple) -> SafeString | None:
    """The HTML kept under `key`, or None: for a list that loads in full only the items it has not rendered."""
    return _rows.get(key)


def render_row(template: str, name: str, item) -> SafeString:
    key = (template, get_language(), get_current_timezone_name(), int(time.time() // 60), state(item))
    return cached(key, lambda: render_to_string(template, {name: item}))


def render_rows(template: str, name: str, rows) -> list[SafeString]:
    """Each of `rows`, values that compare and hash by content (a frozen dataclass of the columns a row shows, read
    as tuples), rendered by `template` as `name` and kept under the row itself, the language, the time zone and
    the minute: no model state to walk (issue 12)."""
    language, zone, minute = get_language(), get_current_timezone_name(), int(time.time() // 60)
    return [cached((template, language, zone, minute, row), lambda row=row: render_to_string(template, {name: row}))
            for row in rows]
