"""Hot reads compiled by the ORM once per process and, on PostgreSQL, prepared once per connection (issue 12).

For a read that every page of a kind runs with the same statement but one value (the partner's key): the ORM
builds and compiles the query once with a placeholder for that value, and each call binds the value to the
compiled SQL. On PostgreSQL a server-binding cursor lets psycopg prepare the statement (Django's own cursors
bind client-side and never prepare), so it is planned once per connection instead of on every request: for a
statement with several subqueries, planning costs more than running it. SQLite, PostgreSQL behind a pooler that
cannot keep prepared statements (PMS_DB_PREPARED_STATEMENTS=false) and a query log (DEBUG, tests counting
queries) run the same query through the ORM.
"""

from collections.abc import Callable, Hashable

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet

_PLACEHOLDER = -7_301_946_285  # an integer no key takes, bound where the value goes
_compiled: dict[Hashable, tuple[str, tuple]] = {}


def fetch_one(key: Hashable, build: Callable[[int], QuerySet], value: int) -> tuple | None:
    """The first row of `build(value)`, a `values_list` query whose statement differs only by the integer `value`;
    `key` names the statement (and everything `build` depends on besides the value)."""
    if connection.vendor != "postgresql" or not settings.PMS_DB_PREPARED_STATEMENTS or connection.queries_logged:
        return next(iter(build(value)), None)
    from django.db.backends.postgresql.base import ServerBindingCursor

    if key not in _compiled:
        sql, params = build(_PLACEHOLDER).query.sql_with_params()
        if params.count(_PLACEHOLDER) != 1:  # the compiled statement must take the value as its one parameter
            raise RuntimeError(f"{key} does not bind its value once: {sql}")
        _compiled[key] = sql, params
    sql, params = _compiled[key]
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.make_cursor(ServerBindingCursor(connection.connection)) as cursor:
        cursor.execute(sql, [value if p == _PLACEHOLDER else p for p in params])
        return cursor.fetchone()
