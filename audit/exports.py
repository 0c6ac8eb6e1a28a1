"""CSV export of audit events, shared by the admin page and `manage.py export_audit_log`."""

import csv
import json
from collections.abc import Iterator

CSV_COLUMNS = ["event_id", "timestamp", "event", "module", "actor", "actor_id", "reference_type",
               "reference_id", "outcome", "details", "request_id", "client_ip", "prev_hash", "hash"]
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value):
        return value


def csv_lines(events) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for row in events.values_list(*CSV_COLUMNS).iterator(chunk_size=2000):
        yield writer.writerow([_cell(value) for value in row])


def _cell(value):
    if isinstance(value, dict):
        value = json.dumps(value, sort_keys=True, ensure_ascii=False)
    elif hasattr(value, "isoformat"):
        value = value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        # A login typed as "=HYPERLINK(…)" must stay text when the file is opened in a spreadsheet.
        return "'" + value
    return value
