"""The state of the domain tables, to prove that a refused request changed nothing, and the writes of a request.

The audit trail (and its chain head) is left out: refusals are legitimately audited there. Sessions are
left out: logging in and one-time values of multi-step flows live there.
"""

import re

from django.apps import apps
from django.db import connection

NOT_DOMAIN = {"audit_auditevent", "audit_chainhead", "django_session"}
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE)


def domain_tables() -> list[str]:
    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)
              if model._meta.managed and not model._meta.proxy}
    return sorted(tables - NOT_DOMAIN)


def _checksum_sql(tables: list[str]) -> str:
    if connection.vendor == "postgresql":
        parts = [f"(SELECT md5(coalesce(string_agg(md5(t::text), ',' ORDER BY md5(t::text)), '')) "
                 f'FROM "{table}" AS t)' for table in tables]
    else:  # SQLite in development: row counts are the best cheap fingerprint
        parts = [f'(SELECT count(*) FROM "{table}")' for table in tables]
    return "SELECT " + ", ".join(parts)


class Fingerprint:
    """`Fingerprint().take()` → one value per domain table, read in a single query."""

    def __init__(self):
        self.tables = domain_tables()
        self.sql = _checksum_sql(self.tables)

    def take(self) -> dict[str, object]:
        with connection.cursor() as cursor:
            cursor.execute(self.sql)
            return dict(zip(self.tables, cursor.fetchone(), strict=True))

    @staticmethod
    def changed(before: dict, after: dict) -> list[str]:
        return [table for table in before if before[table] != after[table]]


def written_tables(captured_queries) -> set[str]:
    """Tables that the captured SQL inserted into, updated or deleted from."""
    return {match.group(1) for query in captured_queries if (match := _WRITE.match(query["sql"]))}
