"""Counts that stay cheap on big tables: the planner's estimate where an exact total costs a full scan."""

from django.db import connection

EXACT_BELOW = 100_000
# A list that shows a number of pages only (no total) takes the estimate from here on: an exact count reads
# every row on each view of its first page for a number nobody needs exact (issue 12).
PAGES_EXACT_BELOW = 10_000


def estimated_count(model, exact_below: int = EXACT_BELOW) -> int:
    """The number of rows of `model`'s table: PostgreSQL's statistics estimate for big tables (kept
    current by autovacuum), an exact count for small ones (under `exact_below`) and on other databases."""
    if connection.vendor == "postgresql":
        # One round trip: the estimate, or the exact count of a small table (the subquery runs only then).
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute("SELECT CASE WHEN reltuples >= %s THEN reltuples::bigint"
                           f" ELSE (SELECT COUNT(*) FROM {table}) END FROM pg_class WHERE oid = %s::regclass",
                           [exact_below, table])
            row = cursor.fetchone()
        if row is not None:
            return row[0]
    return model._default_manager.count()
