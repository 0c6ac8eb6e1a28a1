"""Throughput of `manage.py import_mosip_pms` on PostgreSQL with a synthetic MOSIP deployment (issue 14).

Usage (PostgreSQL on 127.0.0.1 with trust auth for `postgres`):
    .venv/bin/python benchmarks/import_mosip.py [--partners 2000] [--keys-per-partner 2]

It (re)creates two databases: `pms_mosip_bench_src` with MOSIP's pms tables (tests/mosip_import/mosip_schema.py)
filled through COPY with N authentication partners, each with an approved request and K API keys, and the
portal's `pms_mosip_bench`. It then runs the import twice (the first run creates everything, the second finds
everything unchanged) and, interleaved with each, a bare reference: the same number of rows written with
Django's bulk_create (no checks, no mapping, no report), rolled back. The machine is shared and noisy, so the
figure to compare between runs is the RATIO import / reference, printed with the load average.
"""

import argparse
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET, SOURCE = "pms_mosip_bench", "pms_mosip_bench_src"
SERVER = "postgresql://postgres@127.0.0.1:5432"
ENV = {
    "DJANGO_SETTINGS_MODULE": "pms.settings",
    "DATABASE_URL": f"{SERVER}/{TARGET}",
    "DEBUG": "false",
    "PMS_PORTAL_URL": "https://127.0.0.1:8000",
    "SECRET_KEY": "benchmark-secret-key-not-for-production-0123456789abcdefghijkl",
    "PMS_KEY_ENCRYPTION_KEY": "x9KMNK9vBCNJyQ2QmUKUSbH-7xFiJpHr4bjqX5rjqzI=",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "LOG_LEVEL": "WARNING",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=2000)
    parser.add_argument("--keys-per-partner", type=int, default=2)
    args = parser.parse_args()
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    recreate(TARGET)
    recreate(SOURCE)
    fill_source(args.partners, args.keys_per_partner)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"load average before: {os.getloadavg()[0]:.2f} (2 cores)")
    for label in ("first run (creates)", "second run (unchanged)"):
        reference = bare_reference(args.partners, args.keys_per_partner)
        seconds, report = run_import()
        print(f"\n{label}: {seconds:.1f} s, bare reference {reference:.2f} s, ratio {seconds / reference:.1f}; "
              f"load {os.getloadavg()[0]:.2f}")
        for summary in report.kinds.values():
            print(f"  {summary.kind:<22} {summary.rows:>7} rows {summary.seconds:>7.2f} s {summary.rate:>8.0f}/s")


def recreate(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def fill_source(partners: int, keys_per_partner: int) -> None:
    import psycopg

    from tests.mosip_import.mosip_schema import PMS_DDL

    keys = random.sample(range(1, 1_000_000), partners * keys_per_partner)  # MOSIP's: numbers below a million
    with psycopg.connect(f"{SERVER}/{SOURCE}", autocommit=True) as connection:
        connection.execute(PMS_DDL)
        connection.execute("INSERT INTO pms.partner_type VALUES ('Auth_Partner', 'Auth Partner', true, true, "
                           "'admin', now())")
        connection.execute("INSERT INTO pms.policy_group (id, name, descr, user_id, is_active, cr_by, cr_dtimes) "
                           "VALUES ('g1', 'Banking', 'Banking', 'admin', true, 'admin', now())")
        connection.execute(
            "INSERT INTO pms.auth_policy (id, policy_group_id, name, descr, policy_file_id, policy_type, version, "
            "policy_schema, valid_from_date, valid_to_date, is_active, cr_by, cr_dtimes) VALUES ('p1', 'g1', "
            "'eKYC', 'eKYC', %s, 'Auth', '1', 'https://schemas.mosip.io/v1/auth-policy', now(), "
            "now() + interval '5 years', true, 'admin', now())",
            ['{"authTokenType": "partner", "allowedAuthTypes": [], "allowedKycAttributes": []}'])
        copy(connection, "pms.partner (id, policy_group_id, name, address, contact_no, email_id, user_id, "
                         "partner_type_code, approval_status, is_active, cr_by, cr_dtimes, lang_code)",
             (f"bench-partner-{n:07d}\tg1\tOrganization {n}\t{n} Main Street\t+3312345678\tp{n}@bench.example\t"
              f"user{n}\tAuth_Partner\tapproved\tt\tadmin\t2024-01-01 00:00:00\teng" for n in range(partners)))
        copy(connection, "pms.partner_policy_request (id, part_id, policy_id, request_datetimes, request_detail, "
                         "status_code, cr_by, cr_dtimes)",
             (f"req-{n}\tbench-partner-{n:07d}\tp1\t2024-01-02 00:00:00\tAuthentication\tapproved\tadmin\t"
              "2024-01-02 00:00:00" for n in range(partners)))
        copy(connection, "pms.partner_policy (policy_api_key, part_id, policy_id, valid_from_datetime, "
                         "valid_to_datetime, is_active, cr_by, cr_dtimes, label)",
             (f"{key}\tbench-partner-{i // keys_per_partner:07d}\tp1\t2024-01-0{1 + i % keys_per_partner} 00:00:00\t"
              f"2030-01-01 00:00:00\tt\tadmin\t2024-01-03 00:00:00\t{key}" for i, key in enumerate(keys)))


def copy(connection, target: str, lines) -> None:
    with connection.cursor().copy(f"COPY {target} FROM STDIN") as stream:
        for line in lines:
            stream.write(line + "\n")


def run_import():
    from mosip_import import services

    started = time.perf_counter()
    report = services.import_mosip_pms(options=services.Options(pms_dsn=f"{SERVER}/{SOURCE}"),
                                       report_file=io.StringIO())
    return time.perf_counter() - started, report


def bare_reference(partners: int, keys_per_partner: int) -> float:
    """The same rows (partners, users, links, keys) written by bulk_create with no checks, then rolled back."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from apikeys.models import ApiKey
    from partners.models import Partner, PartnerType, User
    from policies.models import Policy, PolicyGroup, PolicyLink

    started = time.perf_counter()
    with transaction.atomic():
        kind = PartnerType.objects.get(code="auth-partner")
        group = PolicyGroup.objects.create(name="reference group")
        policy = Policy.objects.create(group=group, name="reference", policy_type="auth", status="published")
        made = Partner.objects.bulk_create(Partner(partner_id=f"ref-{n}", organization_name=f"Ref {n}",
                                                   partner_type=kind, address="x", phone_number="x")
                                           for n in range(partners))
        User.objects.bulk_create(User(username=f"ref{n}", email=f"ref{n}@x.example", partner=p)
                                 for n, p in enumerate(made))
        links = PolicyLink.objects.bulk_create(PolicyLink(partner=p, policy=policy, purpose="x", status="approved")
                                               for p in made)
        expiry = timezone.now() + timedelta(days=90)
        ApiKey.objects.bulk_create(ApiKey(partner=link.partner, link=link, label=f"k{k}", public_id=f"r{n}x{k}",
                                          key_hash=f"{n}-{k}", expires_at=expiry)
                                   for n, link in enumerate(links) for k in range(keys_per_partner))
        transaction.set_rollback(True)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
