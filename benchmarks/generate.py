"""Fill a fresh PostgreSQL database with national-scale data for the page benchmark (issue 12).

Usage (from the checkout whose code should create the schema):
    .venv/bin/python -m benchmarks.generate --database pms_bench_x1 [--scale 1]

Scale 1: 10,000 partners (one user each), 50,000 API keys, 20,000 partner certificates, 50,000
partner–policy links and 200,000 audit events. Scale 10 multiplies partners and audit events by ten.
The database is dropped and created again. API keys go through the real key hashing, the trust
store and a sample of partner certificates through the real upload services (validation, platform
signing); everything else is bulk inserted (COPY for the audit trail, chained with the real hash).
Writes var/bench-<database>.json: the actors, the sample of key plaintexts and a search term.
"""

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path.cwd()
VOLUMES = {"partners": 10_000, "api_keys": 50_000, "partner_certificates": 20_000, "links": 50_000,
           "audit_events": 200_000}
SCALED = ("partners", "audit_events")
ENV = {
    "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
    "DEBUG": "false",
    "PMS_PORTAL_URL": "http://127.0.0.1:8000",
    "SECRET_KEY": "benchmark-secret-key-not-for-production-0123456789abcdefghijkl",
    "PMS_KEY_ENCRYPTION_KEY": "x9KMNK9vBCNJyQ2QmUKUSbH-7xFiJpHr4bjqX5rjqzI=",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "PMS_VERIFY_RATE_LIMIT": "",
    "LOG_LEVEL": "WARNING",
    "REDIS_URL": "redis://127.0.0.1:6379/6",  # as in production: cache, sessions, rate limits
    "EMAIL_URL": "dummymail://",
}
WORDS = ["Atlas", "Nordic", "Sahel", "Cedar", "Harbor", "Summit", "Delta", "Orion", "Lumen", "Baobab", "Kestrel",
         "Meridian", "Oasis", "Pioneer", "Quartz", "Riviera", "Sierra", "Tidal", "Union", "Vertex", "Willow",
         "Zenith", "Amber", "Beacon", "Coral", "Dune", "Ember", "Falcon", "Granite", "Horizon", "Ivory", "Jade",
         "Kinetic", "Lotus", "Monarch", "Nimbus", "Onyx", "Prairie", "Quest", "Raven", "Saffron", "Talon",
         "Umber", "Velvet", "Wander", "Xenon", "Yarrow", "Zephyr", "Azure", "Bastion"]
KINDS = ["Bank", "Telecom", "Insurance", "Health", "Payments", "Credit Union", "Microfinance", "Post"]
SEARCH_TERM = "nordic"  # one of WORDS: matches about 2 % of the partners


def bench_env(database: str) -> dict:
    """The settings of a benchmark run; BENCH_REDIS_DB picks another Redis database (two runs side by side),
    BENCH_VERIFY_RATE_LIMIT turns the verify API's rate limit on."""
    redis = f"redis://127.0.0.1:6379/{os.environ.get('BENCH_REDIS_DB', '6')}"
    # BENCH_VERIFY_RATE_LIMIT (e.g. 1000000/m): measure the verify API with its rate limiter counting.
    return {**ENV, "REDIS_URL": redis, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
            "PMS_VERIFY_RATE_LIMIT": os.environ.get("BENCH_VERIFY_RATE_LIMIT", "")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="Name of the PostgreSQL database to (re)create.")
    parser.add_argument("--scale", type=int, default=1, help="Multiplier for partners and audit events.")
    args = parser.parse_args()
    volumes = {k: v * (args.scale if k in SCALED else 1) for k, v in VOLUMES.items()}
    os.environ.update(bench_env(args.database))
    sys.path.insert(0, str(ROOT))
    recreate_database(args.database)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    random.seed(12)
    started = time.perf_counter()
    actors = build(volumes)
    out = ROOT / "var" / f"bench-{args.database}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(actors))
    call_command("shell", "-c", "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')")
    print(f"{args.database}: {volumes} in {time.perf_counter() - started:.0f} s; actors in {out}")


def recreate_database(name: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def build(volumes: dict) -> dict:
    from benchmarks import generators as gen

    gen.audit_events(volumes["audit_events"])
    admin = gen.staff_admin()
    partners = gen.partners(volumes["partners"])
    bench = gen.bench_partner()
    hierarchies = gen.trust_store(admin)
    gen.partner_certificates(partners, hierarchies, volumes["partner_certificates"], bench)
    policies = gen.policies(admin)
    links = gen.links(partners, policies, volumes["links"], bench, admin)
    sample = gen.api_keys(links, volumes["api_keys"], bench)
    return {"admin": admin.pk, "partner_user": bench.users.first().pk, "keys": sample,
            "search": SEARCH_TERM, "partner_ids": [p.partner_id for p in random.sample(partners, 200)]}


if __name__ == "__main__":
    main()
