"""The audit list's rows, each rendered once per event, language and time zone (issue 12).

An audit event never changes once written (its seal is not shown), and every reader allowed on the audit trail
sees the same row: the row's HTML is a function of the event, the language and the portal's time zone only, so
it is kept in the per-process store of `pms.rows` under the event's UUID and those two. The newest page is
what every admin opens first; its fifty rows are rendered once instead of on every request.
"""

from django.template.loader import render_to_string
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

from pms.rows import cached

from . import labels

TEMPLATE = "audit/_event_row.html"


def event_rows(events) -> list:
    language, zone = get_language(), get_current_timezone_name()
    return [cached((TEMPLATE, event.event_id, language, zone),
                   lambda event=event: render_to_string(TEMPLATE, {"event": event, "shown": labels.describe(event)}))
            for event in events]
