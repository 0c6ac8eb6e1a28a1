"""Audited writes per second with concurrent writers, on PostgreSQL (issue 12, point 6).

Usage (from the checkout to measure):
    .venv/bin/python -m benchmarks.audit_writes [--writers 8] [--seconds 10] [--database pms_bench_writes]

(Re)creates the database, registers one partner per writer, then runs the writers as separate
processes for the given time, in two workloads:
  1. the real `partners.services.update_profile` (two saves and an audit record in one transaction);
  2. the same followed by 50 ms of waiting inside the transaction (what a longer service does after
     its audit record: more queries, a call to the signing key, rendering an email), which is where a
     chain head locked until commit makes every writer wait for the others. On this shared 2-core
     machine workload 1 is bound by the CPU, so workload 2 is the one that shows the lock.
Prints commits per second for each, the machine's load, and checks the audit chain afterwards.
"""

import argparse
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

from .generate import bench_env, recreate_database

ROOT = Path.cwd()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--database", default="pms_bench_writes")
    args = parser.parse_args()
    os.environ.update(bench_env(args.database))
    sys.path.insert(0, str(ROOT))
    recreate_database(args.database)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    users = _writers(args.writers)
    print(f"uptime: {_uptime()}")
    for extra_ms in (0, 50):
        rate = _run(users, args.seconds, extra_ms)
        print(f"{args.writers} writers, update_profile{f' + {extra_ms} ms in the transaction' if extra_ms else ''}: "
              f"{rate:,.0f} audited writes/s")
    print(f"uptime: {_uptime()}")
    _check_chain()


def _writers(count: int) -> list[int]:
    from partners.models import PartnerType
    from partners.services import register_partner

    auth = PartnerType.objects.get(code="auth-partner")
    return [register_partner(username=f"writer{n}", email=f"writer{n}@example.org", password="x" * 16,
                             first_name="W", last_name=str(n), organization_name=f"Writer {n}", partner_type=auth,
                             address="1 Road", phone_number="+221330000000").pk for n in range(count)]


def _run(users: list[int], seconds: float, extra_ms: int) -> float:
    """Start every writer, wait until all are set up, release them together; total commits / seconds."""
    context = multiprocessing.get_context("spawn")
    ready, results = context.Barrier(len(users) + 1), context.Queue()
    workers = [context.Process(target=_writer, args=(str(ROOT), pk, ready, results, seconds, extra_ms))
               for pk in users]
    for worker in workers:
        worker.start()
    ready.wait(timeout=300)
    counts = [results.get(timeout=seconds + 120) for _ in workers]
    for worker in workers:
        worker.join()
    return sum(counts) / seconds


def _writer(root: str, user_pk: int, ready, results, seconds: float, extra_ms: int) -> None:
    sys.path.insert(0, root)
    import django

    django.setup()
    from django.db import transaction

    from partners.models import User
    from partners.services import update_profile

    user = User.objects.select_related("partner").get(pk=user_pk)
    ready.wait(timeout=300)
    done, stop = 0, time.perf_counter() + seconds
    while time.perf_counter() < stop:
        with transaction.atomic():
            update_profile(user=user, actor=user, first_name=f"W{done}", last_name="Writer",
                           address=f"{done} Road", phone_number="+221330000000")
            if extra_ms:
                time.sleep(extra_ms / 1000)
        done += 1
    results.put(done)


def _check_chain() -> None:
    from audit.services import verify_chain

    report = verify_chain()
    print(f"audit chain: {'intact' if report.ok else 'BROKEN: ' + report.reason}, {report.checked} events")


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


if __name__ == "__main__":
    main()
