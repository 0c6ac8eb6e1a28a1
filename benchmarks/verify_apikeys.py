"""Throughput of POST /api/v1/apikeys/verify on PostgreSQL with 50,000 API keys (issue 5).

Usage (PostgreSQL on 127.0.0.1 with trust auth for `postgres`):
    .venv/bin/python benchmarks/verify_apikeys.py [--keys 50000] [--seconds 10] [--threads 8]

It creates (or reuses) the database `pms_bench`, fills it with one authentication partner, one approved
policy link and N keys, then measures:
  1. the service alone (`apikeys.services.verify_api_key`, one process), and
  2. the HTTP endpoint served by gunicorn (2 workers, like the compose file) under a threaded client.
Every verification is counted (usage counters), as in production. Prints requests per second and latencies.
"""

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "pms_bench"
ENV = {
    "DJANGO_SETTINGS_MODULE": "pms.settings",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
    "DEBUG": "false",
    "PMS_PORTAL_URL": "http://127.0.0.1:8000",
    "SECRET_KEY": "benchmark-secret-key-not-for-production-0123456789abcdefghijkl",
    "PMS_KEY_ENCRYPTION_KEY": "x9KMNK9vBCNJyQ2QmUKUSbH-7xFiJpHr4bjqX5rjqzI=",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "PMS_VERIFY_RATE_LIMIT": "",
    "LOG_LEVEL": "WARNING",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=50_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    create_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    plaintexts = fill(args.keys)
    service_rate(plaintexts)
    http_rate(plaintexts, args)


def create_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone():
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def fill(count: int) -> list[str]:
    """One partner with an approved link and `count` keys; returns plaintexts of a sample of them."""
    from datetime import timedelta

    from django.utils import timezone

    from apikeys import keys
    from apikeys.models import ApiKey

    sample_file = ROOT / "var" / "bench-keys.json"
    if ApiKey.objects.count() >= count and sample_file.exists():
        print(f"Reusing {ApiKey.objects.count()} keys in {DB_NAME}.")
        return json.loads(sample_file.read_text())
    partner, link = _approved_link()
    started = time.perf_counter()
    ApiKey.objects.all().delete()
    now, plaintexts, batch = timezone.now(), [], []
    for n in range(count):
        material = keys.new_key()
        plaintexts.append(material.plaintext)
        batch.append(ApiKey(partner=partner, link=link, label=f"bench-{n}", public_id=material.public_id,
                            key_hash=material.key_hash, created_at=now, expires_at=now + timedelta(days=365)))
        if len(batch) == 5000:
            ApiKey.objects.bulk_create(batch)
            batch = []
    ApiKey.objects.bulk_create(batch)
    sample = random.sample(plaintexts, min(2000, count))
    sample_file.parent.mkdir(exist_ok=True)
    sample_file.write_text(json.dumps(sample))
    print(f"Created {count} keys in {time.perf_counter() - started:.1f} s.")
    return sample


def _approved_link():
    from partners.models import Partner
    from tests.apikeys.factories import approved_link
    from tests.factories import make_partner_user

    partner = Partner.objects.filter(organization_name="Bench Auth").first()
    if partner is None:
        partner = make_partner_user(username=f"bench{random.randint(0, 10**9)}",
                                    partner__organization_name="Bench Auth").partner
    link = partner.policy_links.filter(status="approved").first() or approved_link(partner)
    return partner, link


def service_rate(plaintexts: list[str], calls: int = 2000) -> None:
    from apikeys.services import verify_api_key

    timings = []
    for n in range(calls):
        started = time.perf_counter()
        assert verify_api_key(plaintext=plaintexts[n % len(plaintexts)]).valid
        timings.append(time.perf_counter() - started)
    report("service (1 process, in-process calls)", calls, sum(timings), timings)


def http_rate(plaintexts: list[str], args) -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "pms.wsgi", "--bind", f"127.0.0.1:{args.port}", "--workers", "2",
         "--log-level", "warning"], cwd=ROOT, env={**os.environ})
    try:
        wait_for(args.port)
        timings, lock, stop = [], threading.Lock(), time.perf_counter() + args.seconds
        threads = [threading.Thread(target=client, args=(args.port, plaintexts, stop, timings, lock))
                   for _ in range(args.threads)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        report(f"HTTP (gunicorn 2 workers, {args.threads} client threads)", len(timings),
               time.perf_counter() - started, timings)
    finally:
        server.terminate()
        server.wait(timeout=10)


def client(port, plaintexts, stop, timings, lock) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    local = []
    while time.perf_counter() < stop:
        body = json.dumps({"apiKey": random.choice(plaintexts)})
        started = time.perf_counter()
        connection.request("POST", "/api/v1/apikeys/verify", body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        payload = json.loads(response.read())
        if response.status != 200 or not payload.get("valid"):
            raise SystemExit(f"unexpected answer {response.status}: {payload}")
        local.append(time.perf_counter() - started)
    with lock:
        timings.extend(local)


def wait_for(port: int) -> None:
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def report(what: str, count: int, seconds: float, timings: list[float]) -> None:
    ordered = sorted(timings)
    p95 = ordered[int(len(ordered) * 0.95) - 1] * 1000
    print(f"{what}: {count} verifications in {seconds:.1f} s = {count / seconds:,.0f} req/s; "
          f"latency p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
