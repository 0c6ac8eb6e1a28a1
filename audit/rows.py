"""The audit list's rows, each rendered once per event, language and time zone (issue 12).

An audit event never changes once written (its seal is not shown), and every reader allowed on the audit trail
sees the same row: the row's HTML is a function of the event, the language and the portal's time zone only, so
it is kept per process (bounded) under the event's UUID and those two. The newest page is what every admin opens
first; its fifty rows are rendered once instead of on every request.
"""

from collections import OrderedDict

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

from . import labels

MAX_ROWS = 5000
_rows: OrderedDict[tuple, SafeString] = OrderedDict()


def event_rows(events) -> list[SafeString]:
    language, zone = get_language(), get_current_timezone_name()
    rows = []
    for event in events:
        key = (event.event_id, language, zone)
        html = _rows.get(key)
        if html is None:
            html = render_to_string("audit/_event_row.html", {"event": event, "shown": labels.describe(event)})
            _rows[key] = html
            if len(_rows) > MAX_ROWS:
                _rows.popitem(last=False)
        rows.append(html)
    return rows
