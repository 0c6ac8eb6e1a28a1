"""Query plans of list pages, for the tests that their big tables are read through indexes (issue 12).

How: the test requests the page, takes the SQL the page ran on the big table, ANALYZEs and asks
PostgreSQL for its plan with sequential scans disabled. On a test database of a few hundred rows the
planner rightly prefers scanning a small table, so its choice there says nothing about two million
rows; with `enable_seqscan = off` it must show whether an index can serve the query as written (its
filters and its ORDER BY): a page that can be answered only by a full scan (a `date` cast, an ORDER BY
that no index holds, an OR across a join) still shows a Seq Scan or a Sort, and the index it picks is
named. The benchmark (`benchmarks/pages.py`) measures the same pages at national volumes.
"""

import json
import re
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import require_postgresql


@dataclass(frozen=True)
class Plan:
    nodes: list[dict]

    @property
    def indexes(self) -> set[str]:
        return {n["Index Name"] for n in self.nodes if "Index Name" in n}

    def seq_scans(self) -> set[str]:
        return {n["Relation Name"] for n in self.nodes if n["Node Type"] == "Seq Scan"}

    @property
    def sorts(self) -> bool:
        return any(n["Node Type"] in ("Sort", "Incremental Sort") for n in self.nodes)

    @property
    def outer_sorts(self) -> bool:
        """A sort of the rows the query returns, not inside a subquery of its select list (which runs for the
        page's rows only, e.g. the admin's partner list reading each row's first user)."""
        return any(n["Node Type"] in ("Sort", "Incremental Sort") for n in self.nodes if not n["_in_subplan"])


def page_sql(client, path: str, table: str, *, contains: str = "") -> str:
    """The (last) SELECT the page ran on `table` with `contains` in it."""
    require_postgresql()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    statements = [_unsteered(q["sql"]) for q in captured]
    found = [sql for sql in statements if sql.startswith("SELECT") and f'FROM "{table}"' in sql and contains in sql]
    assert found, f"{path} ran no query on {table} containing {contains!r}"
    return found[-1]


def _unsteered(sql: str) -> str:
    """The statement of a read steered by pms.prepared (`SET enable_… = off; <statement>; RESET …`)."""
    return re.sub(r"(; RESET enable_\w+)+$", "", re.sub(r"^(SET enable_\w+ = off; )+", "", sql))


def plan_of(sql: str, *tables: str, off: tuple[str, ...] = ("seqscan",)) -> Plan:
    """The plan with the scan methods in `off` disabled (`("seqscan", "indexscan")` leaves bitmap scans:
    whether a search index can answer, where walking the list's order index would win on a small table)."""
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'ANALYZE "{table}"')
            # Rows inserted by the test sit in GIN indexes' pending lists (autovacuum merges them in real life),
            # which the planner prices as a scan of the whole list.
            cursor.execute("SELECT gin_clean_pending_list(indexrelid) FROM pg_index JOIN pg_class c "
                           "ON c.oid = indexrelid JOIN pg_am a ON a.oid = c.relam "
                           "WHERE indrelid = %s::regclass AND a.amname = 'gin'", [table])
        for method in off:
            cursor.execute(f"SET LOCAL enable_{method} = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        raw = cursor.fetchone()[0]
    plan = json.loads(raw) if isinstance(raw, str) else raw
    return Plan(list(_walk(plan[0]["Plan"])))


def _walk(node: dict, in_subplan: bool = False):
    in_subplan = in_subplan or node.get("Parent Relationship") == "SubPlan"
    yield {**node, "_in_subplan": in_subplan}
    for child in node.get("Plans", []):
        yield from _walk(child, in_subplan)
