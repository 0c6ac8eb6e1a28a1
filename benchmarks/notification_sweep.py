"""The expiry-notification sweep on PostgreSQL with 100,000 expiring items (issue 9).

Usage (PostgreSQL on 127.0.0.1 with trust auth for `postgres`):
    .venv/bin/python benchmarks/notification_sweep.py [--items 100000] [--repeat 5] [--days 3]

It creates (or reuses) the database `pms_bench_notif` and fills it with N items expiring within the next
30 days, in the proportions of a national platform: 40 % API keys, 39 % partner certificates (with their
platform-signed copies), 10 % SBIs, 10 % FTM chip certificates, 1 % CA certificates (told to 2 partner
admins). Then, on the same rows, it times:
  - the reference: COUNT(*) over the expiring rows (the same selectors, one COUNT each);
  - the first sweep as a dry run (every item is due: what to send, to whom, computed without writing);
  - the first sweep (every item is due: notices inserted, audited and their emails queued);
  - the sweep run again the same day (nothing is due: the steady state of a re-run or a second worker);
  - the next days' sweeps (only the items reaching a new threshold are due).
Each sweep is timed between two reference counts (the machine is shared: the ratio is what counts), and
split into its phases: the notices and their audit events (one INSERT … SELECT per rule), queueing the
emails (one task per 500), and sealing the audit events after the commit (issue 12's sealer, which the
sweep's commit triggers). Every run starts with no notices and an empty audit trail, tables vacuumed.
Emails go to Celery's in-memory broker, as to a broker that takes them at once; no worker sends them.
"""

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "pms_bench_notif"
ENV = {
    "DJANGO_SETTINGS_MODULE": "pms.settings",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
    "DEBUG": "false",
    "PMS_PORTAL_URL": "https://127.0.0.1:8000",
    "SECRET_KEY": "benchmark-secret-key-not-for-production-0123456789abcdefghijkl",
    "PMS_KEY_ENCRYPTION_KEY": "x9KMNK9vBCNJyQ2QmUKUSbH-7xFiJpHr4bjqX5rjqzI=",
    "CELERY_BROKER_URL": "memory://",
    "EMAIL_URL": "dummymail://",
    "LOG_LEVEL": "WARNING",
}
BASE = dt.datetime(2030, 1, 7, 6, 0, tzinfo=dt.UTC)  # the sweeps run "as of" this moment and the next days


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="runs of the steady-state sweep and of COUNT")
    parser.add_argument("--days", type=int, default=3, help="daily sweeps after the first one")
    args = parser.parse_args()
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    create_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not Filler.filled(args.items):
        recreate_database()
        call_command("migrate", verbosity=0)
        Filler(args.items).fill()
    measure(args)
    print("load:", uptime())


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def create_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone():
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def recreate_database() -> None:
    """A fresh database for a new fill (the rows migrations seed come back with `migrate`)."""
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


# --- Measuring ----------------------------------------------------------------------------------------------

def reference_count(now) -> float:
    """Seconds for COUNT(*) over the rows the sweep reads: every rule's expiring items within 30 days."""
    from notifications import schedule
    from notifications.rules import RULES

    started = time.perf_counter()
    total = sum(rule.source(after=now, before=schedule.horizon(now)).count() for rule in RULES.values())
    elapsed = time.perf_counter() - started
    assert total > 0
    return elapsed


class Phases:
    """Seconds spent in each phase of a sweep, by wrapping the functions that do them (the benchmark only):
    the notices and their audit events (one statement per rule), queueing the emails, sealing the audit
    events after the commit (issue 12's sealer)."""

    def __init__(self):
        import audit.services
        from notifications.services import sweep, sweep_sql

        self.seconds: dict[str, float] = {}
        for name, module, function in [("notices + audit events", sweep_sql, "insert_due"),
                                       ("emails queued", sweep, "queue_emails"),
                                       ("audit events sealed", audit.services, "seal_pending")]:
            setattr(module, function, self.timed(name, getattr(module, function)))

    def timed(self, name: str, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
        return wrapper

    def take(self) -> dict[str, float]:
        taken, self.seconds = self.seconds, {}
        return taken


PHASES: Phases | None = None


def timed_sweep(now) -> tuple[float, float, object, dict]:
    """(sweep seconds, reference seconds measured around it, report, seconds per phase)."""
    from notifications.services import send_due_expiry_notifications

    before = reference_count(now)
    PHASES.take()
    started = time.perf_counter()
    report = send_due_expiry_notifications(now=now)
    elapsed = time.perf_counter() - started
    phases = PHASES.take()
    after = reference_count(now)
    mark_emails_sent()  # what the worker would do, outside the timing
    return elapsed, (before + after) / 2, report, phases


def bare_write() -> float:
    """Seconds to write the rows the first sweep wrote (its notices and their audit events) into copies of the two
    tables with the same indexes and constraints, in one transaction, then rolled back: what storing those rows
    costs PostgreSQL alone, with no selection, no computation and no Python (the floor of a creating sweep)."""
    from django.db import connection, transaction

    from audit.models import AuditEvent
    from notifications.models import Notification

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for model, where in [(Notification, ""), (AuditEvent, " WHERE event = 'notification_created'")]:
            table = model._meta.db_table
            cursor.execute(f"CREATE TABLE floor_{table} (LIKE {table} INCLUDING ALL)")
            cursor.execute(f"INSERT INTO floor_{table} SELECT * FROM {table}{where}")
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def mark_emails_sent() -> None:
    from notifications.models import Notification

    Notification.objects.filter(email_status="pending").update(email_status="sent")


def line(what: str, seconds: float, reference: float, report=None) -> None:
    notices = f", {report}" if report is not None else ""
    print(f"{what:<36} {seconds * 1000:9.1f} ms = {seconds / reference:7.1f} × COUNT(*) "
          f"({reference * 1000:.1f} ms){notices}", flush=True)


def phase_lines(seconds: float, reference: float, phases: dict[str, float]) -> None:
    for name, spent in phases.items():
        line(f"  {name}", spent, reference)
    sealing = phases.get("audit events sealed", 0.0)
    if sealing:
        line("  sweep without the sealing", seconds - sealing, reference)


def analyze() -> None:
    """Fresh planner statistics and no dead rows, as autovacuum keeps them on a live database after bulk
    changes."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def reset() -> None:
    """No notices, and an empty audit trail (its chain restarted): every run starts from the same tables."""
    from audit.models import AuditEvent, ChainHead
    from audit.services import GENESIS_HASH
    from notifications.models import Notification

    Notification.objects.all().delete()
    AuditEvent.objects.all().delete()
    ChainHead.objects.filter(pk=1).update(last_hash=GENESIS_HASH, last_event_id=None, last_seq=0)
    analyze()


def measure(args) -> None:
    from audit.services import verify_chain
    from notifications.services import send_due_expiry_notifications

    global PHASES
    PHASES = Phases()
    reset()
    print("load:", uptime())
    counts = [reference_count(BASE) for _ in range(args.repeat)]
    print(f"COUNT(*) over the expiring rows: median {statistics.median(counts) * 1000:.1f} ms "
          f"of {args.repeat} runs", flush=True)
    before = reference_count(BASE)
    started = time.perf_counter()
    report = send_due_expiry_notifications(now=BASE, dry_run=True)
    seconds = time.perf_counter() - started
    line("first sweep, --dry-run (selection)", seconds, (before + reference_count(BASE)) / 2, report)
    seconds, reference, report, phases = timed_sweep(BASE)
    line("first sweep (everything due)", seconds, reference, report)
    phase_lines(seconds, reference, phases)
    print(f"{'':36} {seconds / max(report.notices, 1) * 1e6:9.1f} µs per notice (insert, audit, queue, seal)")
    floor, reference = bare_write(), reference_count(BASE)
    line("the same rows written, nothing else", floor, reference)
    print(f"{'':36} {seconds / floor:9.1f} × this floor for the whole first sweep")
    print("load:", uptime())
    analyze()
    runs = [timed_sweep(BASE + dt.timedelta(minutes=n + 1)) for n in range(args.repeat)]
    assert all(report.notices == 0 for _, _, report, _ in runs), runs
    ratios = sorted(seconds / reference for seconds, reference, _, _ in runs)
    median = statistics.median(seconds for seconds, _, _, _ in runs)
    line("same day again (nothing due)", median, statistics.median(r for _, r, _, _ in runs))
    print(f"{'':36} ratios of the {args.repeat} runs: " + ", ".join(f"{ratio:.1f}" for ratio in ratios))
    for day in range(1, args.days + 1):
        analyze()
        moment = BASE + dt.timedelta(days=day)
        before = reference_count(moment)
        started = time.perf_counter()
        report = send_due_expiry_notifications(now=moment, dry_run=True)
        seconds = time.perf_counter() - started
        line(f"day +{day}, --dry-run (selection)", seconds, (before + reference_count(moment)) / 2, report)
        seconds, reference, report, phases = timed_sweep(moment)
        line(f"day +{day} (new thresholds only)", seconds, reference, report)
        phase_lines(seconds, reference, phases)
    chain = verify_chain()
    print(f"audit chain after the sweeps: {'verified' if chain.ok else 'BROKEN'}, {chain.checked} events")


# --- Filling ------------------------------------------------------------------------------------------------

class Filler:
    """Bulk rows: partners with one user each, and the items; expiries spread over the next 30 days."""

    def __init__(self, items: int):
        self.items = items
        self.shares = {"api_keys": items * 40 // 100, "partner_certificates": items * 39 // 100,
                       "sbis": items * 10 // 100, "chip_certificates": items * 10 // 100}
        self.shares["ca_certificates"] = items - sum(self.shares.values())
        self.serial = 0

    def expiry(self, index: int) -> dt.datetime:
        return BASE + dt.timedelta(minutes=1 + (index * 433) % (30 * 24 * 60 - 1))

    @staticmethod
    def filled(items: int) -> bool:
        from notifications.rules import RULES
        from notifications.schedule import horizon

        existing = sum(rule.source(after=BASE, before=horizon(BASE)).count() for rule in RULES.values())
        if existing == items:
            print(f"Reusing the {existing} expiring items in {DB_NAME}.")
        return existing == items

    def fill(self) -> None:
        started = time.perf_counter()
        self.admins()
        auth = self.partners("auth-partner", self.shares["partner_certificates"])
        self.partner_certificates(auth)
        self.api_keys(auth[: max(self.shares["api_keys"] // 10, 1)])
        self.sbis(self.partners("device-provider", max(self.shares["sbis"] // 10, 1)))
        self.chip_certificates(self.partners("ftm-provider", max(self.shares["chip_certificates"] // 10, 1)))
        self.ca_certificates()
        print(f"Created {self.items} expiring items in {time.perf_counter() - started:.1f} s.")

    def admins(self) -> None:
        from django.contrib.auth.models import Group

        from partners.models import User
        from pms.roles import PARTNER_ADMIN, sync_roles

        sync_roles()
        for number in range(2):
            user = User.objects.create(username=f"admin{number}", email=f"admin{number}@example.org")
            user.groups.add(Group.objects.get(name=PARTNER_ADMIN))

    def partners(self, type_code: str, count: int) -> list:
        """`count` partners of the type, each with one user (returned as (partner, user) pairs)."""
        from partners.models import Partner, PartnerType, User

        kind = PartnerType.objects.get(code=type_code)
        prefix = f"{kind.id_prefix}-B"
        partners = Partner.objects.bulk_create(
            [Partner(partner_id=f"{prefix}{n:07d}", organization_name=f"{type_code} {n}", partner_type=kind,
                     address="1 Bench Street", phone_number="+33123456789") for n in range(count)], batch_size=5000)
        users = User.objects.bulk_create(
            [User(username=f"{prefix}{n:07d}".lower(), email=f"{prefix}{n:07d}@example.org".lower(), partner=p)
             for n, p in enumerate(partners)], batch_size=5000)
        return list(zip(partners, users, strict=True))

    def certificate_fields(self, name: str, not_after: dt.datetime) -> dict:
        self.serial += 1
        return {"pem": "-", "subject": f"CN={name}", "issuer": "CN=Bench CA", "subject_common_name": name,
                "issuer_common_name": "Bench CA", "serial_number": f"{self.serial:x}",
                "not_before": not_after - dt.timedelta(days=700), "not_after": not_after,
                "fingerprint_sha256": uuid.uuid4().hex * 2, "key_algorithm": "EC", "key_size": 256,
                "signature_algorithm": "ecdsa-with-SHA256"}

    def issuer(self, domain: str):
        from certificates.models import CACertificate

        return CACertificate.objects.create(domain=domain, kind="root",
                                            **self.certificate_fields(f"{domain} bench root", BASE + dt.timedelta(
                                                days=3650)))

    def portal_key(self):
        from certificates.models import PortalCAKey

        return PortalCAKey.objects.filter(kind="signing", is_current=True).first() or PortalCAKey.objects.create(
            kind="signing", certificate_pem="-", encrypted_private_key="-", subject="CN=Portal", serial_number="1",
            fingerprint_sha256=uuid.uuid4().hex * 2, not_before=BASE - dt.timedelta(days=9),
            not_after=BASE + dt.timedelta(days=3650))

    def partner_certificates(self, pairs: list) -> None:
        from certificates.models import PartnerCertificate, PlatformSignedCertificate

        issuer, key = self.issuer("AUTH"), self.portal_key()
        certificates = PartnerCertificate.objects.bulk_create([
            PartnerCertificate(partner=partner, domain="AUTH", issuer_ca=issuer, uploaded_by=user,
                               **self.certificate_fields(f"partner {n}", self.expiry(n) + dt.timedelta(days=60)))
            for n, (partner, user) in enumerate(pairs)], batch_size=5000)
        PlatformSignedCertificate.objects.bulk_create([  # the platform-signed copy expires first
            PlatformSignedCertificate(partner_certificate=c, signed_by=key,
                                      **self.certificate_fields(c.subject_common_name, self.expiry(n)))
            for n, c in enumerate(certificates)], batch_size=5000)

    def api_keys(self, pairs: list) -> None:
        from apikeys.models import ApiKey
        from policies.models import PolicyLink
        from tests.policies.factories import PolicyFactory

        policy = PolicyFactory()
        links = PolicyLink.objects.bulk_create([PolicyLink(partner=p, policy=policy, purpose="bench",
                                                           status="approved") for p, _ in pairs])
        ApiKey.objects.bulk_create([
            ApiKey(partner=pairs[n % len(pairs)][0], link=links[n % len(pairs)], label=f"key {n}",
                   public_id=uuid.uuid4().hex[:12], key_hash=uuid.uuid4().hex, created_by=pairs[n % len(pairs)][1],
                   expires_at=self.expiry(n)) for n in range(self.shares["api_keys"])], batch_size=5000)

    def sbis(self, pairs: list) -> None:
        from devices.models import Sbi

        Sbi.objects.bulk_create([
            Sbi(provider=pairs[n % len(pairs)][0], version=f"1.{n}", binary_hash="ab" * 32, status="approved",
                creation_date=BASE.date() - dt.timedelta(days=300), expiry_date=self.expiry(n).date(),
                submitted_by=pairs[n % len(pairs)][1]) for n in range(self.shares["sbis"])], batch_size=5000)

    def chip_certificates(self, pairs: list) -> None:
        from devices.models import FtmChip, FtmChipCertificate, FtmChipSignedCertificate

        count, issuer, key = self.shares["chip_certificates"], self.issuer("FTM"), self.portal_key()
        chips = FtmChip.objects.bulk_create([
            FtmChip(provider=pairs[n % len(pairs)][0], make="Chip", model=f"C{n}", status="approved")
            for n in range(count)], batch_size=5000)
        certificates = FtmChipCertificate.objects.bulk_create([
            FtmChipCertificate(chip=chip, issuer_ca=issuer, uploaded_by=pairs[n % len(pairs)][1],
                               **self.certificate_fields(f"chip {n}", self.expiry(n)))
            for n, chip in enumerate(chips)], batch_size=5000)
        FtmChipSignedCertificate.objects.bulk_create([
            FtmChipSignedCertificate(chip_certificate=c, signed_by=key,
                                     **self.certificate_fields(c.subject_common_name, c.not_after))
            for c in certificates], batch_size=5000)

    def ca_certificates(self) -> None:
        from certificates.models import CACertificate

        CACertificate.objects.bulk_create([
            CACertificate(domain="DEVICE", kind="root", **self.certificate_fields(f"root {n}", self.expiry(n)))
            for n in range(self.shares["ca_certificates"])], batch_size=5000)


if __name__ == "__main__":
    main()
