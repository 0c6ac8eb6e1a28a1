"""Reading a MOSIP database: read-only connections, one consistent snapshot, tables as MOSIP's DDL names them.

The connection is opened read-only twice over (`default_transaction_read_only` in the connection options and
`SET SESSION CHARACTERISTICS … READ ONLY`), and the whole run reads inside one REPEATABLE READ transaction, so
every entity kind sees the same state of MOSIP even while MOSIP keeps running during a rehearsal.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import dict_row

FETCH_SIZE = 2000


class SourceError(Exception):
    """The source database cannot be read (connection refused, not read-only, a required column missing)."""


@dataclass(frozen=True)
class Table:
    """A MOSIP table and the columns the import reads. `optional` columns are absent from older MOSIP versions
    (e.g. partner.lang_code and partner_policy.label arrived in 1.2.0); they read as NULL there."""

    schema: str
    name: str
    columns: tuple[str, ...]
    optional: tuple[str, ...] = ()
    order_by: tuple[str, ...] = ()

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"


def describe_dsn(dsn: str) -> str:
    """host:port/dbname (user) of a DSN, never its password: what logs, reports and the audit trail show."""
    try:
        parts = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "(invalid DSN)"
    host = parts.get("host") or "localhost"
    return f"{host}:{parts.get('port') or 5432}/{parts.get('dbname', '')} ({parts.get('user', '')})"


class Source:
    """One MOSIP database (mosip_pms or mosip_keymgr), read through a single read-only snapshot."""

    def __init__(self, dsn: str, *, label: str):
        self.label, self.where = label, describe_dsn(dsn)
        try:
            self.connection = psycopg.connect(dsn, options="-c default_transaction_read_only=on",
                                              connect_timeout=15, application_name="pms-import-mosip")
            self.connection.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ, "
                                    "READ ONLY")
            self.connection.commit()
            read_only = self.connection.execute("SHOW transaction_read_only").fetchone()[0]
        except psycopg.Error as error:
            raise SourceError(f"{label} ({self.where}): {_first_line(error)}") from None
        if read_only != "on":
            self.close()
            raise SourceError(f"{label} ({self.where}): the connection is not read-only")
        self._columns: dict[tuple[str, str], set[str]] = {}

    def close(self) -> None:
        if not self.connection.closed:
            self.connection.rollback()
            self.connection.close()

    def columns(self, table: Table) -> set[str] | None:
        """The columns the table has in this database, or None when the table does not exist."""
        key = (table.schema, table.name)
        if key not in self._columns:
            rows = self.connection.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND table_name = %s",
                key).fetchall()
            self._columns[key] = {row[0] for row in rows}
        return self._columns[key] or None

    def has(self, table: Table) -> bool:
        return self.columns(table) is not None

    def count(self, table: Table) -> int:
        self._check(table)
        query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table.schema, table.name))
        return self.connection.execute(query).fetchone()[0]

    def rows(self, table: Table) -> Iterator[dict]:
        """Every row as a dict, streamed through a server-side cursor; timestamps become aware (UTC)."""
        query = self._select(table)
        if table.order_by:
            query += sql.SQL(" ORDER BY {}").format(sql.SQL(", ").join(map(sql.Identifier, table.order_by)))
        with self.connection.cursor(name=f"pms_import_{table.name}", row_factory=dict_row) as cursor:
            cursor.itersize = FETCH_SIZE
            cursor.execute(query)
            for row in cursor:
                yield {key: _aware(value) for key, value in row.items()}

    def row(self, table: Table, column: str, value) -> dict | None:
        """The row of `table` whose `column` equals `value`, or None."""
        query = self._select(table) + sql.SQL(" WHERE {} = %s LIMIT 1").format(sql.Identifier(column))
        with self.connection.cursor(row_factory=dict_row) as cursor:
            found = cursor.execute(query, [value]).fetchone()
        return {key: _aware(item) for key, item in found.items()} if found else None

    def _select(self, table: Table) -> sql.Composed:
        present = self._check(table)
        selected = [sql.Identifier(c) if c in present else sql.SQL("NULL AS {}").format(sql.Identifier(c))
                    for c in (*table.columns, *table.optional)]
        return sql.SQL("SELECT {} FROM {}").format(sql.SQL(", ").join(selected),
                                                  sql.Identifier(table.schema, table.name))

    def _check(self, table: Table) -> set[str]:
        present = self.columns(table)
        if present is None:
            raise SourceError(f"{self.label}: the table {table.qualified} does not exist")
        missing = [c for c in table.columns if c not in present]
        if missing:
            raise SourceError(f"{self.label}: {table.qualified} has no column {', '.join(missing)}")
        return present


def _aware(value):
    # MOSIP writes its `timestamp` (without time zone) columns in UTC.
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]

