"""Every SQL query of the benchmark's pages, with PostgreSQL's plan: time, buffers, sequential scans (issue 12).

Usage, on a generated database (see benchmarks.generate):
    .venv/bin/python -m benchmarks.explain_pages --database NAME [--only "admin partner search,audit list"] [--plans]

Renders each page of `benchmarks.pages` once in-process (after one warm-up request), captures its queries
and runs `EXPLAIN (ANALYZE, BUFFERS)` on each of the SELECTs, --repeat times. Prints per page the queries
sorted by their execution time, flags the ones whose plan has a sequential scan on a table, and with --plans
the full plans; then a table of each page's SQL time as PostgreSQL measures it (planning + execution,
summed over the page's queries, median of the repeats): unlike a client-side timer on a loaded machine, it
leaves out the time a query waits for a CPU. Reads only: the EXPLAINs run in a transaction rolled back.
"""

import argparse
import json
import os
import re
import sys
from pathlib import Path

from .generate import bench_env
from .pages import _pages, _request

ROOT = Path.cwd()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--only", default="", help="Comma-separated page names (default: every page).")
    parser.add_argument("--plans", action="store_true", help="Print every plan in full.")
    parser.add_argument("--repeat", type=int, default=3, help="EXPLAIN ANALYZE each query this many times.")
    args = parser.parse_args()
    os.environ.update(bench_env(args.database) | {"ALLOWED_HOSTS": "127.0.0.1,localhost,testserver"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from partners.models import User

    actors = json.loads((ROOT / "var" / f"bench-{args.database}.json").read_text())
    clients = {"none": Client()}
    for who, key in (("admin", "admin"), ("partner", "partner_user")):
        clients[who] = Client()
        clients[who].force_login(User.objects.get(pk=actors[key]))
    import statistics

    summary = []
    for name, path, who, method in _pages(actors, args.only):
        _request(clients[who], method, path, actors["keys"][0])
        with CaptureQueriesContext(connection) as captured:
            _request(clients[who], method, path, actors["keys"][1])
        print(f"\n== {name}: {path} ({len(captured.captured_queries)} queries)")
        rows, totals = [], []
        for _ in range(args.repeat):
            rows, total = [], 0.0
            for query in captured.captured_queries:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith("SELECT"):
                    rows.append((0.0, "-", sql, ""))
                    continue
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                    transaction.set_rollback(True)
                execution = float(re.search(r"Execution Time: ([\d.]+)", plan).group(1))
                total += execution + float(re.search(r"Planning Time: ([\d.]+)", plan).group(1))
                seq = ", ".join(sorted(set(re.findall(r"Seq Scan on (\w+)", plan))))
                rows.append((execution, seq, sql, plan))
            totals.append(total)
        summary.append((name, len(captured.captured_queries), statistics.median(totals),
                        max((row[0] for row in rows), default=0.0)))
        for execution, seq, sql, plan in sorted(rows, key=lambda row: -row[0]):
            flag = f"  SEQ SCAN: {seq}" if seq and seq != "-" else ""
            print(f"  {execution:8.2f} ms{flag}  {sql[:220]}")
            if args.plans and plan:
                print("    " + plan.replace("\n", "\n    "))
    print("\n| page | queries | SQL ms in PostgreSQL (planning + execution) | slowest query ms (execution) |")
    print("|---|---:|---:|---:|")
    for name, count, total, slowest in summary:
        print(f"| {name} | {count} | {total:.2f} | {slowest:.2f} |")


if __name__ == "__main__":
    main()
