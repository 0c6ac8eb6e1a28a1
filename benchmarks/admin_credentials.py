"""The partner admin's "Authentication services" lists at national volume (issue 8, point 8).

Usage (PostgreSQL on 127.0.0.1 with trust auth for `postgres`):
    .venv/bin/python benchmarks/admin_credentials.py [--keys 200000] [--partners 2000] [--rounds 15]

It creates (or reuses) the database `pms_bench_credentials`, fills it with N partners, each approved for
one policy, and their API keys and OIDC clients (rows written in bulk, as a migration of a running
platform would), then times the admin's list pages through Django's test client. The machine is shared,
so every page is reported as a RATIO to a bare reference page (the admin's dashboard) timed in the same
rounds, interleaved; the median of the rounds is printed with the load average.
"""

import argparse
import os
import random
import statistics
import string
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "pms_bench_credentials"
ENV = {
    "DJANGO_SETTINGS_MODULE": "pms.settings",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
    "DEBUG": "false",
    "PMS_PORTAL_URL": "http://127.0.0.1:8000",
    "SECRET_KEY": "benchmark-secret-key-not-for-production-0123456789abcdefghijkl",
    "PMS_KEY_ENCRYPTION_KEY": "x9KMNK9vBCNJyQ2QmUKUSbH-7xFiJpHr4bjqX5rjqzI=",
    "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "LOG_LEVEL": "WARNING",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=200_000)
    parser.add_argument("--partners", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    create_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    sample = fill(args.keys, args.partners)
    measure(sample, args.rounds)


def create_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone():
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def fill(keys: int, partners: int) -> dict:
    from django.db import connection

    from apikeys.models import ApiKey

    if ApiKey.objects.count() < keys:
        started = time.perf_counter()
        links = _partners_with_links(partners)
        _bulk_credentials(links, keys)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"Created {keys} keys and {keys // 10} OIDC clients of {partners} partners "
              f"in {time.perf_counter() - started:.0f} s.")
    else:
        print(f"Reusing {ApiKey.objects.count()} keys in {DB_NAME}.")
    key = ApiKey.objects.select_related("partner", "link__policy").order_by("?").first()
    return {"prefix": key.prefix, "partner_id": key.partner.partner_id, "policy": str(key.link.policy.code),
            "organization": key.partner.organization_name}


def _partners_with_links(count: int) -> list:
    from partners.models import Partner, PartnerType
    from policies.models import PolicyLink
    from tests.apikeys.factories import approved_link
    from tests.factories import make_partner_user

    first = make_partner_user(username=f"bench{random.randint(0, 10**9)}", partner__organization_name="Bench 0")
    policy = approved_link(first.partner).policy
    auth = PartnerType.objects.get(code="auth-partner")
    others = Partner.objects.bulk_create([
        Partner(partner_id=f"BP-{n:07d}", organization_name=f"Bench organization {n}", partner_type=auth,
                address="1 Bench Street", phone_number="+33100000000") for n in range(1, count)])
    PolicyLink.objects.bulk_create([PolicyLink(partner=p, policy=policy, purpose="Benchmark", status="approved")
                                    for p in others])
    return list(PolicyLink.objects.filter(status="approved").select_related("partner"))


def _bulk_credentials(links: list, keys: int) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from apikeys.models import ApiKey, OidcClient

    now, alphabet = timezone.now(), string.ascii_lowercase + string.digits
    for start in range(0, keys, 5000):
        ApiKey.objects.bulk_create([
            ApiKey(partner_id=link.partner_id, link=link, label=f"key-{n}",
                   public_id="".join(random.choices(alphabet, k=10)), key_hash="0" * 64,
                   created_at=now - timedelta(minutes=n), expires_at=now + timedelta(days=365 - n % 700),
                   status="deactivated" if n % 9 == 0 else "active")
            for n in range(start, min(start + 5000, keys)) for link in [links[n % len(links)]]])
    OidcClient.objects.bulk_create([
        OidcClient(partner_id=link.partner_id, link=link, name=f"client-{n}", client_id=f"bench-client-{n:08d}",
                   public_key={"kty": "RSA"}, key_size=2048, redirect_uris=["https://rp.example.org/cb"],
                   logo_uri="https://rp.example.org/l.png", grant_types=["authorization_code"],
                   auth_methods=["private_key_jwt"], created_at=now - timedelta(minutes=n))
        for n in range(keys // 10) for link in [links[n % len(links)]]], batch_size=5000)


def measure(sample: dict, rounds: int) -> None:
    from django.conf import settings
    from django.test import Client

    from tests.factories import make_partner_admin

    # Pages render without collectstatic's manifest; static URLs are not what is measured.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    client = Client()
    client.force_login(make_partner_admin(username=f"benchadmin{random.randint(0, 10**9)}"))
    pages = {
        "reference: dashboard": "/dashboard/",
        "keys, newest first": "/auth-services/",
        "keys, page 200": "/auth-services/?page=200",
        "keys, search prefix": f"/auth-services/?q={sample['prefix']}",
        "keys, search organization": f"/auth-services/?q={sample['organization'].replace(' ', '+')}",
        "keys, partner ID": f"/auth-services/?partner={sample['partner_id']}",
        "keys, status active, by expiry": "/auth-services/?status=active&sort=expires",
        "keys, policy + created range": f"/auth-services/?policy={sample['policy']}&created_from=2000-01-01",
        "OIDC clients, newest first": "/auth-services/oidc/",
        "OIDC clients, search client ID": "/auth-services/oidc/?q=bench-client-00001234",
    }
    timings = {name: [] for name in pages}
    for _ in range(rounds):
        for name, path in pages.items():  # interleaved, so load changes hit every page alike
            started = time.perf_counter()
            response = client.get(path)
            timings[name].append(time.perf_counter() - started)
            assert response.status_code == 200, (path, response.status_code)
    reference = statistics.median(timings["reference: dashboard"])
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}  (2 cores, shared)")
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"{name:<36} median {median * 1000:7.1f} ms   ratio to reference {median / reference:5.1f}")


if __name__ == "__main__":
    main()
