"""Hot reads compiled by the ORM once per process and, on PostgreSQL, prepared once per connection (issue 12).

For a read that every page of a kind runs with the same statement but one value (the partner's key, the session
user's): the ORM builds and compiles the query once with a placeholder for that value, and each call binds the
value to the compiled SQL (`fetch_one` for a row of values, `fetch_model` for an instance). For a list page whose
statement is a function of a few choices (filters, page number), `fetch_all` keeps each statement compiled while
it is in use. On PostgreSQL a server-binding cursor lets psycopg prepare the statement (Django's own cursors
bind client-side and never prepare), so it is planned once per connection instead of on every request: for a
statement with several subqueries, planning costs more than running it. SQLite, PostgreSQL behind a pooler that
cannot keep prepared statements (PMS_DB_PREPARED_STATEMENTS=false) and a query log (DEBUG, tests counting
queries) run the same query through the ORM.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable

from django.conf import settings
from django.db import connection
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

_PLACEHOLDER = -7_301_946_285  # an integer no key takes, bound where the value goes
_compiled: dict[Hashable, tuple[str, tuple]] = {}
_models: dict[Hashable, tuple[tuple[str, tuple], "_Builder"]] = {}
_statements: OrderedDict[Hashable, tuple] = OrderedDict()


def fetch_one(key: Hashable, build: Callable[[int], QuerySet], value: int) -> tuple | None:
    """The first row of `build(value)`, a `values_list` query whose statement differs only by the integer `value`;
    `key` names the statement (and everything `build` depends on besides the value)."""
    if not _preparing():
        return next(iter(build(value)), None)
    if key not in _compiled:
        _compiled[key] = _binding_value(key, *build(_PLACEHOLDER).query.sql_with_params())
    sql, params = _compiled[key]
    return _execute(sql, params, value)


def fetch_model(key: Hashable, build: Callable[[int], QuerySet], value: int) -> Model | None:
    """The first instance of `build(value)`, a model query (select_related, annotations) whose statement differs
    only by the integer `value`, built as the ORM builds it: the same instance, its related instances and its
    annotations, every value through the field's converters (issue 12: the session user, on every page)."""
    if not _preparing():
        return next(iter(build(value)), None)
    if key not in _models:
        queryset = build(_PLACEHOLDER)
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()  # fills compiler.select, klass_info and annotation_col_map
        _models[key] = _binding_value(key, sql, params), _Builder(compiler, queryset.db)
    (sql, params), builder = _models[key]
    row = _execute(sql, params, value)
    return None if row is None else builder(row)


MAX_STATEMENTS = 512  # statements of fetch_all kept per process, the least recently used out first


# Stands for a list's search text in a statement compiled once (fetch_all's `like`): letters only, so that Django's
# LIKE escaping leaves it as it is.
SEARCH_SENTINEL = "qqxpmssearchsentinelxqq"


def fetch_all(key: Hashable, build: Callable[..., QuerySet], *, value: int | None = None,
              like: str | None = None, off: tuple[str, ...] = (), prepare: bool = True) -> list[tuple]:
    """The rows of `build()`, a `values_list` query whose whole statement, values included, is a function of `key`
    (a list page's filters and page number): compiled once per process while it is in use, and prepared once per
    connection; each value through the field's converters, as the ORM gives it.

    With `value` (an integer key, the partner's…), the statement is `build(value)`, compiled once with a placeholder
    for the value as `fetch_one` does, and the value bound at each execution.

    With `like` (a search text), the statement is `build(text)` (`build(value, text)` with a value), using the
    text in `contains`/`icontains` (or starts/ends with) lookups only: it is compiled once with a sentinel in the
    text's place, and the text, escaped as Django escapes a LIKE pattern, is bound at each execution (client-side:
    planned for the text, never prepared). A statement using the text otherwise (an exact match…) is refused: its
    value would need another escaping.

    `prepare=False` binds the values client-side, so that PostgreSQL plans the statement for them: a value that
    decides which index applies (a partial index's condition) is blind to a prepared statement's generic plan.

    `off` names PostgreSQL scan methods (`"seqscan"`, `"indexscan"`, `"bitmapscan"`) the planner may not use for
    this statement, where it misjudges a search: disabled in the same round trip as the statement and restored
    after it (`_execute_steered`), never prepared. Elsewhere than on PostgreSQL, `off` means nothing."""
    if off and connection.vendor == "postgresql":
        sql, params, compiler = _statement(key, build, value, like)
        return list(compiler.results_iter([_execute_steered(sql, params, off)], tuple_expected=True))
    if not _preparing():
        return list(build(*_arguments(value, like)))
    sql, params, compiler = _statement(key, build, value, like)
    # A search is bound client-side, so PostgreSQL plans it for its text: prepared, it would soon get a generic
    # plan, blind to how rare the text is (a trigram index or the list's order), ten times slower at 100k rows.
    rows = _execute_all(sql, params) if like is None and prepare else _execute_all_unprepared(sql, params)
    return list(compiler.results_iter([rows], tuple_expected=True))


def fetch_count(key: Hashable, build: Callable[..., QuerySet], *, value: int | None = None,
                like: str | None = None, off: tuple[str, ...] = ()) -> int:
    """The number of rows of `build()`, a query compiled and bound as `fetch_all` compiles and binds it (sliced, for
    a count up to a limit), counted by the database: one row comes back, not one per row counted."""
    steered = bool(off) and connection.vendor == "postgresql"
    if not steered and not _preparing():
        # The rows themselves: Django's count() of a sliced query of constants is not valid SQL on SQLite.
        return len(list(build(*_arguments(value, like))))
    sql, params, _compiler = _statement(key, build, value, like)
    sql = f"SELECT COUNT(*) FROM ({sql}) AS counted"  # noqa: S608 (the ORM's own statement)
    if steered:
        return _execute_steered(sql, params, off)[0][0]
    rows = _execute_all(sql, params) if like is None else _execute_all_unprepared(sql, params)
    return rows[0][0]


def _arguments(value, text) -> tuple:
    return ((value,) if value is not None else ()) + ((text,) if text is not None else ())


def _statement(key: Hashable, build, value: int | None, like: str | None) -> tuple[str, list, object]:
    """`build`'s statement compiled once per `key` (kept while in use), with `value` and `like` bound."""
    compiled = _statements.pop(key, None)
    if compiled is None:
        queryset = build(*_arguments(None if value is None else _PLACEHOLDER,
                                     None if like is None else SEARCH_SENTINEL))
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        if value is not None:
            _binding_value(key, sql, params)
        compiled = (sql, tuple(params), compiler, _like_positions(key, params) if like is not None else ())
    _statements[key] = compiled
    if len(_statements) > MAX_STATEMENTS:
        _statements.popitem(last=False)
    sql, params, compiler, positions = compiled
    if value is not None:
        params = [value if param == _PLACEHOLDER else param for param in params]
    if positions:
        params, escaped = list(params), connection.ops.prep_for_like_query(like)
        for position in positions:
            params[position] = params[position].replace(SEARCH_SENTINEL, escaped)
    return sql, params, compiler


def _like_positions(key: Hashable, params) -> tuple[int, ...]:
    positions = tuple(n for n, param in enumerate(params) if isinstance(param, str) and SEARCH_SENTINEL in param)
    patterns = {f"%{SEARCH_SENTINEL}%", f"{SEARCH_SENTINEL}%", f"%{SEARCH_SENTINEL}"}
    if not positions or any(params[n] not in patterns for n in positions):
        raise RuntimeError(f"{key} does not use its search text as a LIKE pattern only")
    return positions


def _preparing() -> bool:
    return connection.vendor == "postgresql" and settings.PMS_DB_PREPARED_STATEMENTS and not connection.queries_logged


def _binding_value(key: Hashable, sql: str, params: tuple) -> tuple[str, tuple]:
    """The statement must take the value as a parameter (each place it uses it: a list and its count subquery)."""
    if _PLACEHOLDER not in params:
        raise RuntimeError(f"{key} does not bind its value: {sql}")
    return sql, tuple(params)


def _execute(sql: str, params: tuple, value: int) -> tuple | None:
    with _server_binding_cursor() as cursor:
        cursor.execute(sql, [value if p == _PLACEHOLDER else p for p in params])
        return cursor.fetchone()


def _execute_all(sql: str, params: tuple) -> list[tuple]:
    with _server_binding_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _execute_all_unprepared(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


SCAN_METHODS = frozenset({"seqscan", "indexscan", "bitmapscan"})


def _execute_steered(sql: str, params: list, off: tuple[str, ...]) -> list[tuple]:
    """`sql` planned without the scan methods `off`, in one round trip: `SET enable_… = off; <sql>; RESET …`.

    One simple-protocol query (Django's cursor binds client-side), which PostgreSQL runs as one transaction: if
    the statement fails, the settings are rolled back with it; if it succeeds, they are reset after it. No BEGIN,
    SET LOCAL and COMMIT of their own (four round trips for a search's count, a millisecond on a busy machine)."""
    if not off or not SCAN_METHODS.issuperset(off):
        raise ValueError(f"unknown scan methods: {off}")
    sets = "".join(f"SET enable_{method} = off; " for method in off)
    resets = "".join(f"; RESET enable_{method}" for method in off)
    with connection.cursor() as cursor:
        cursor.execute(sets + sql + resets, params)
        for _method in off:  # the SETs' results come first
            cursor.nextset()
        return cursor.fetchall()


def _server_binding_cursor():
    """A server-binding cursor, so psycopg prepares the statement (Django's own cursors bind client-side and never
    prepare), wrapped like Django's: errors translated, execute wrappers applied."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    connection.validate_thread_sharing()
    return connection.make_cursor(ServerBindingCursor(connection.connection))


class _Builder:
    """The instance of a row of a compiled model query, as django.db.models.query.ModelIterable builds it."""

    def __init__(self, compiler, db: str):
        self.compiler, self.db = compiler, db
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        self.model, self.start, self.end = klass_info["model"], fields[0], fields[-1] + 1
        self.attnames = [column[0].target.attname for column in select[self.start:self.end]]
        self.populators = get_related_populators(klass_info, select, db)
        self.annotations = tuple(compiler.annotation_col_map.items())

    def __call__(self, row: tuple) -> Model:
        row = next(self.compiler.results_iter([[row]]))  # the fields' converters (time zones, JSON, arrays…)
        obj = self.model.from_db(self.db, self.attnames, row[self.start:self.end])
        for populator in self.populators:
            populator.populate(row, obj)
        for name, position in self.annotations:
            setattr(obj, name, row[position])
        return obj
