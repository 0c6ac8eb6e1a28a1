"""Cost of the certificate engine against `cryptography`'s verifier alone (issue 10).

Usage (PostgreSQL on 127.0.0.1 with trust auth for `postgres`):
    .venv/bin/python benchmarks/certificate_engine.py [--rounds 20] [--batch 50]

It creates (or reuses) the database `pms_bench_certs`, installs a root and an intermediate CA in the AUTH
trust store, then measures, interleaved round by round so that the shared machine's noise hits all alike:
  1. bare: the library's verifier alone, with the engine's extension policies, on parsed certificates;
  2. engine: `validate_end_entity(pem)` (parse step, RFC 5280 profile, trust-store query, library path);
  3. refused: `validate_end_entity` of a certificate with a duplicated extension (parse step, naming).
Prints the median time per call and the ratio to the bare verifier, with the machine's load.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "pms_bench_certs"
ENV = {
    "DJANGO_SETTINGS_MODULE": "pms.settings",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
    "DEBUG": "false",
    "PMS_PORTAL_URL": "https://127.0.0.1:8000",
    "SECRET_KEY": "benchmark-secret-key-not-for-production-0123456789abcdefghijkl",
    "PMS_KEY_ENCRYPTION_KEY": "x9KMNK9vBCNJyQ2QmUKUSbH-7xFiJpHr4bjqX5rjqzI=",
    "ALLOWED_HOSTS": "127.0.0.1",
    "LOG_LEVEL": "WARNING",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--batch", type=int, default=50)
    args = parser.parse_args()
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB_NAME], capture_output=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    calls = prepare()
    timings = {name: [] for name in calls}
    for _ in range(args.rounds):
        for name, call in calls.items():
            started = time.perf_counter()
            for _ in range(args.batch):
                call()
            timings[name].append((time.perf_counter() - started) / args.batch)
    report(timings)


def prepare() -> dict:
    from cryptography.x509.verification import PolicyBuilder, Store

    from certificates.engine import validate_end_entity
    from certificates.engine.library import CA_POLICY, EE_POLICY
    from certificates.models import CACertificate
    from pms.errors import Refused
    from tests.certificates import der
    from tests.certificates import factories as pki

    CACertificate.objects.filter(domain="AUTH").update(status="deactivated")
    hierarchy = pki.install_hierarchy("AUTH")
    leaf = pki.make_partner_certificate(hierarchy.intermediate, organization="Bench Ltd")
    broken = der.resign(leaf.der, hierarchy.intermediate.key, der.with_extensions(der.duplicate_first_extension))
    verifier = (PolicyBuilder().store(Store([hierarchy.root.certificate]))
                .extension_policies(ca_policy=CA_POLICY, ee_policy=EE_POLICY).build_client_verifier())

    def refused():
        try:
            validate_end_entity(broken, domain="AUTH", organization="Bench Ltd")
        except Refused:
            return

    return {
        "bare": lambda: verifier.verify(leaf.certificate, [hierarchy.intermediate.certificate]),
        "engine": lambda: validate_end_entity(leaf.pem, domain="AUTH", organization="Bench Ltd"),
        "refused": refused,
    }


def report(timings: dict) -> None:
    bare = statistics.median(timings["bare"])
    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"{name:8} {median * 1e6:9.0f} µs per call   ×{median / bare:5.1f} the bare verifier")


if __name__ == "__main__":
    main()
