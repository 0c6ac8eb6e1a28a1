"""Counts that stay cheap on big tables: the planner's estimate where an exact total costs a full scan."""

import time

from django.db import connection

EXACT_BELOW = 100_000
# A list that shows a number of pages only (no total) takes the estimate from here on: an exact count reads
# every row on each view of its first page for a number nobody needs exact (issue 12).
PAGES_EXACT_BELOW = 10_000


# An estimate changes when autovacuum or ANALYZE samples the table again: kept this long in each process, it saves
# a round trip on every view of a big list's first page (issue 12). An exact count is never kept.
ESTIMATE_SECONDS = 60
_estimates: dict[tuple, tuple[float, int]] = {}


def estimated_count(model, exact_below: int = EXACT_BELOW) -> int:
    """The number of rows of `model`'s table: PostgreSQL's statistics estimate for big tables (kept
    current by autovacuum; read again after ESTIMATE_SECONDS), an exact count for small ones (under
    `exact_below`) and on other databases."""
    if connection.vendor == "postgresql":
        key = (connection.settings_dict["NAME"], model._meta.db_table, exact_below)
        kept = _estimates.get(key)
        if kept is not None and kept[0] > time.monotonic():
            return kept[1]
        # One round trip: the estimate, or the exact count of a small table (the subquery runs only then).
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute("SELECT CASE WHEN reltuples >= %s THEN reltuples::bigint"
                           f" ELSE (SELECT COUNT(*) FROM {table}) END, reltuples >= %s"
                           " FROM pg_class WHERE oid = %s::regclass", [exact_below, exact_below, table])
            row = cursor.fetchone()
        if row is not None:
            count, estimated = row
            if estimated:
                _estimates[key] = (time.monotonic() + ESTIMATE_SECONDS, count)
            return count
    return model._default_manager.count()


def forget_estimates() -> None:
    """Read every estimate afresh (tests, whose tables grow and shrink within a minute)."""
    _estimates.clear()
