"""`timestamptz` values read by psycopg's C loader instead of its pure-Python one (issue 12).

Django registers its own loader for `timestamptz` (psycopg_any.BaseTzLoader, to give every value the
connection's `tzinfo`), derived from psycopg's pure-Python loader, because the optimised one cannot be
subclassed (Django ticket #36960, psycopg issue #1273). So every timestamp read from PostgreSQL went through a
regular expression and a `datetime` built in Python: about 20 µs a value on this machine, a millisecond for a
page of 50 audit events. `FastTzLoader` is still Django's loader (same class, same `timezone`, so Django's
`create_cursor` keeps it), but it parses with the loader psycopg itself registers for `timestamptz`, the C one
where psycopg is installed with `[binary]` or `[c]`, then sets the `tzinfo` exactly as Django's does.
Registered on each new PostgreSQL connection (`install`); with the pure-Python psycopg nothing changes.
"""

from django.db.backends.signals import connection_created


def install() -> None:
    connection_created.connect(_use_fast_loader, dispatch_uid="pms.pgtypes.fast_timestamptz")


def fast_loader_class():
    """Django's timestamptz loader parsing with psycopg's optimised loader, or None where psycopg has none."""
    from django.db.backends.postgresql.psycopg_any import BaseTzLoader
    from psycopg import adapters
    from psycopg.pq import Format
    from psycopg.types.datetime import TimestamptzLoader

    optimised = adapters.get_loader(adapters.types["timestamptz"].oid, Format.TEXT)
    if optimised is None or optimised is TimestamptzLoader:
        return None

    class FastTzLoader(BaseTzLoader):
        def __init__(self, oid, context=None):
            super().__init__(oid, context)
            self._parse = optimised(oid, context).load

        def load(self, data):
            return self._parse(data).replace(tzinfo=self.timezone)

    return FastTzLoader


def _use_fast_loader(sender, connection, **kwargs) -> None:
    if connection.vendor != "postgresql":
        return
    loader = fast_loader_class()
    if loader is not None:
        connection.connection.adapters.register_loader(
            "timestamptz", type("ConnectionTzLoader", (loader,), {"timezone": connection.timezone}))
