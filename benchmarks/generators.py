"""The rows of `benchmarks.generate`, one function per kind (imported after django.setup())."""

import itertools
import json
import random
import uuid
from datetime import timedelta
from types import SimpleNamespace

from django.db import connection, transaction
from django.utils import timezone

from apikeys import keys as key_material
from apikeys.models import ApiKey
from audit.models import AuditEvent, ChainHead
from audit.services import event_hash, seal_pending
from certificates.models import PartnerCertificate, PlatformSignedCertificate
from partners import search
from partners.models import Partner, PartnerType, User
from pms.roles import PARTNER_ADMIN, sync_roles
from policies.models import PartnerPolicyGroup, Policy, PolicyLink

from .generate import KINDS, WORDS

AUDIT_MIX = [  # (module, event, weight, reference type)
    ("apikeys", "api_key_verified", 30, "apikeys.ApiKey"), ("accounts", "login_succeeded", 20, "partners.User"),
    ("accounts", "login_failed", 5, ""), ("accounts", "logout", 10, "partners.User"),
    ("partners", "partner_registered", 5, "partners.Partner"), ("accounts", "profile_updated", 3, "partners.User"),
    ("certificates", "partner_certificate_uploaded", 4, "certificates.PartnerCertificate"),
    ("certificates", "certificate_downloaded", 6, "certificates.PartnerCertificate"),
    ("policies", "policy_link_requested", 4, "policies.PolicyLink"),
    ("policies", "policy_link_approved", 3, "policies.PolicyLink"),
    ("policies", "policy_link_rejected", 1, "policies.PolicyLink"),
    ("apikeys", "api_key_generated", 4, "apikeys.ApiKey"), ("apikeys", "api_key_deactivated", 1, "apikeys.ApiKey"),
    ("policies", "policy_created", 1, "policies.Policy"), ("accounts", "language_changed", 1, "partners.User"),
]
_AUDIT_COLUMNS = ["event_id", "timestamp", "event", "module", "actor_id", "actor", "reference_type", "reference_id",
                  "outcome", "details", "request_id", "client_ip", "prev_hash", "hash"]


def audit_events(count: int) -> None:
    """`count` chained events over the past year, written with COPY after the events `migrate` wrote (the portal
    CA's creation); the chain head follows."""
    seal_pending()
    head = ChainHead.objects.get(pk=1)
    columns = _AUDIT_COLUMNS + ["seq"]
    start, step = timezone.now() - timedelta(days=365), timedelta(days=365) / max(count, 1)
    mix = random.choices(AUDIT_MIX, weights=[m[2] for m in AUDIT_MIX], k=count)
    previous, first_seq = head.last_hash, head.last_seq + 1
    with connection.cursor() as cursor, transaction.atomic():
        with cursor.cursor.copy(
                f"COPY {AuditEvent._meta.db_table} ({', '.join(columns)}) FROM STDIN") as copy:
            for n, (module, event, _weight, reference_type) in enumerate(mix):
                row = _audit_row(n, module, event, reference_type, start + step * n, previous)
                previous = row.hash
                copy.write_row([_copy_value(getattr(row, c)) for c in _AUDIT_COLUMNS] + [first_seq + n])
        last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
        ChainHead.objects.filter(pk=1).update(last_hash=previous, last_event_id=last, last_seq=first_seq + count - 1)


def _audit_row(n: int, module: str, event: str, reference_type: str, timestamp, previous: str):
    user = n % 5000
    failed = event == "login_failed" or n % 23 == 0
    row = SimpleNamespace(
        event_id=uuid.UUID(int=random.getrandbits(128), version=4), timestamp=timestamp, event=event,
        module=module, actor_id=None if event == "login_failed" else user + 1,
        actor=f"user{user}" if event != "api_key_verified" else "api", reference_type=reference_type,
        reference_id=str(uuid.UUID(int=n + 1)) if reference_type else "",
        outcome="failure" if failed else "success",
        details={"prefix": f"pms_{n:010d}"[:14], "reason": "unknown_key" if failed else ""}
        if module == "apikeys" else {"n": n, "via": "bench"},
        request_id=uuid.UUID(int=n + 7).hex, client_ip=f"10.{n % 200}.{(n // 200) % 250}.{n % 250 + 1}",
        prev_hash=previous)
    row.hash = event_hash(row)
    return row


def _copy_value(value):
    return json.dumps(value) if isinstance(value, dict) else value


def staff_admin() -> User:
    from django.contrib.auth.models import Group

    sync_roles()
    admin = User.objects.create_user(username="bench-admin", email="bench-admin@example.org", password=None)
    admin.groups.add(Group.objects.get(name=PARTNER_ADMIN))
    return admin


def partners(count: int) -> list[Partner]:
    """`count` partners of every type (60 % authentication partners), each with one user, bulk inserted."""
    types = list(PartnerType.objects.order_by("order"))
    weights = [60, 20, 10, 10][:len(types)]
    chosen = random.choices(types, weights=weights, k=count)
    ids = _unique_ids(count)
    rows = [Partner(partner_id=f"{t.id_prefix}-{ids[n]}", organization_name=_organization(), partner_type=t,
                    address=f"{n} Main Street", phone_number="+221330000000") for n, t in enumerate(chosen)]
    created = Partner.objects.bulk_create(rows, batch_size=5000)
    User.objects.bulk_create([
        User(username=f"user{n}", email=f"contact{n}@{p.organization_name.split()[0].lower()}.example",
             password="!", first_name="Contact", last_name=str(n), partner=p)
        for n, p in enumerate(created)], batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE partners_partner SET created_at = now() - random() * interval '3 years'")
    search.refresh()  # bulk inserts skip save(): the admin's search column is written here
    return created


def _unique_ids(count: int) -> list[str]:
    alphabet, ids = "23456789ABCDEFGHJKMNPQRSTVWXYZ", set()
    while len(ids) < count:
        ids.add("".join(random.choices(alphabet, k=7)))
    return list(ids)


def _organization() -> str:
    first, second = random.sample(WORDS, 2)
    return f"{first} {second} {random.choice(KINDS)}"


def bench_partner() -> Partner:
    """The partner whose user loads the dashboard and the API key list, registered through the service."""
    from partners.services import register_partner

    user = register_partner(username="bench-partner", email="bench@bench-auth.example", password="x" * 16,
                            first_name="Bench", last_name="Partner", organization_name="Bench Auth Ltd",
                            partner_type=PartnerType.objects.get(code="auth-partner"), address="1 Bench Road",
                            phone_number="+221330000001")
    return user.partner


def trust_store(admin) -> dict:
    """A root and intermediates per domain through the real upload service (validation, chain building)."""
    from certificates import services
    from tests.certificates import factories as pki

    hierarchies = {}
    for domain in ("AUTH", "DEVICE", "FTM"):
        hierarchy = pki.install_hierarchy(domain, actor=admin)
        for _n in range(19):
            extra = pki.make_intermediate(hierarchy.root)
            services.upload_ca_certificate(domain=domain, data=pki.pem_of(extra.certificate), filename="ca.pem",
                                           actor=admin)
        hierarchies[domain] = hierarchy
    return hierarchies


def partner_certificates(partners: list[Partner], hierarchies: dict, total: int, bench: Partner) -> None:
    """Real uploads (validation + platform signing) for the bench partner and 100 others; copies of them
    for the rest, so that the table holds `total` rows (a current and a replaced one per partner)."""
    from certificates.services import upload_partner_certificate
    from tests.certificates import factories as pki

    def upload(partner):
        issued = pki.make_partner_certificate(hierarchies[partner.domain].intermediate,
                                              organization=partner.organization_name)
        return upload_partner_certificate(partner=partner, data=issued.pem, filename="partner.pem")

    upload(bench)
    real = {}
    for partner in partners[:100]:
        real.setdefault(partner.domain, []).append(upload(partner))
    remaining = partners[100:100 + (total - 101) // 2]
    for status in (PartnerCertificate.Status.REPLACED, PartnerCertificate.Status.CURRENT):
        _copy_certificates(remaining, real, status)


def _copy_certificates(partners: list[Partner], real: dict, status: str) -> None:
    fields = [f.name for f in PartnerCertificate._meta.concrete_fields if f.name in _CERT_DATA]
    signed_fields = [f.name for f in PlatformSignedCertificate._meta.concrete_fields if f.name in _CERT_DATA]
    rows, models = [], []
    for partner in partners:
        model = random.choice(real[partner.domain])
        rows.append(PartnerCertificate(partner=partner, domain=partner.domain, issuer_ca_id=model.issuer_ca_id,
                                       status=status, **{f: getattr(model, f) for f in fields}))
        models.append(model)
    created = PartnerCertificate.objects.bulk_create(rows, batch_size=2000)
    PlatformSignedCertificate.objects.bulk_create([
        PlatformSignedCertificate(partner_certificate=row, signed_by_id=model.platform_signed.signed_by_id,
                                  **{f: getattr(model.platform_signed, f) for f in signed_fields})
        for row, model in zip(created, models, strict=True)], batch_size=2000)


_CERT_DATA = {"pem", "subject", "issuer", "subject_common_name", "issuer_common_name", "serial_number",
              "not_before", "not_after", "fingerprint_sha256", "key_algorithm", "key_size", "key_curve",
              "signature_algorithm"}


def policies(admin) -> dict:
    """20 groups of 6 authentication and 4 datashare policies, through the catalog services."""
    from policies.services import catalog
    from tests.apikeys.factories import AUTH_DOCUMENT
    from tests.policies.mosip_documents import QR_CODE

    by_group = {}
    for g in range(20):
        group = catalog.create_policy_group(name=f"Sector {g}", description="Benchmark sector", actor=admin)
        made = []
        for p in range(10):
            kind, document = ("auth", AUTH_DOCUMENT) if p < 6 else ("datashare", QR_CODE)
            policy = catalog.create_policy(group=group, name=f"{kind} policy {g}-{p}", policy_type=kind,
                                           document=document, actor=admin)
            made.append(catalog.publish_policy(policy=policy, actor=admin))
        by_group[group] = made
    return by_group


def links(partners: list[Partner], policies: dict, total: int, bench: Partner, admin) -> list[PolicyLink]:
    """`total` links of authentication and credential partners (10 % pending), bulk inserted; the bench
    partner's through the real request and approval services."""
    eligible = [p for p in partners if p.partner_type.code in ("auth-partner", "credential-partner")]
    groups = list(policies)
    choice = {p.pk: random.choice(groups) for p in eligible}
    PartnerPolicyGroup.objects.bulk_create([PartnerPolicyGroup(partner=p, group=choice[p.pk]) for p in eligible],
                                           batch_size=5000)
    rows, open_pairs = [], set()
    for partner in itertools.islice(itertools.cycle(eligible), total - 3):
        rows.append(_link(partner, policies[choice[partner.pk]], open_pairs, admin))
    PolicyLink.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE policies_policylink SET requested_at = now() - random() * interval '2 years'")
    _bench_links(bench, groups[0], policies[groups[0]], admin)
    return list(PolicyLink.objects.filter(status="approved", policy__policy_type="auth")
                .select_related("partner__partner_type"))


def _link(partner: Partner, group_policies: list[Policy], open_pairs: set, admin) -> PolicyLink:
    kind = "auth" if partner.partner_type.code == "auth-partner" else "datashare"
    policy = random.choice([p for p in group_policies if p.policy_type == kind])
    status = random.choices(["in_progress", "approved", "rejected", "deactivated"], weights=[10, 70, 10, 10])[0]
    if status in ("in_progress", "approved"):
        if (partner.pk, policy.pk) in open_pairs:
            status = "rejected"
        open_pairs.add((partner.pk, policy.pk))
    decided = status != "in_progress"
    return PolicyLink(partner=partner, policy=policy, purpose="Authenticate our customers", status=status,
                      decided_by=admin if decided else None, decided_at=timezone.now() if decided else None,
                      comment="Not in scope" if status == "rejected" else "")


def _bench_links(bench: Partner, group, group_policies: list[Policy], admin) -> None:
    from policies.services import linking

    linking.select_policy_group(partner=bench, group=group, actor=admin)
    auth = [p for p in group_policies if p.policy_type == "auth"]
    for policy in auth[:2]:
        link = linking.request_policy(partner=bench, policy=policy, purpose="Authenticate our customers",
                                      actor=bench.users.first())
        linking.approve_link(link=link, actor=admin)
    linking.request_policy(partner=bench, policy=auth[2], purpose="Pending request", actor=bench.users.first())


def api_keys(approved: list[PolicyLink], total: int, bench: Partner) -> list[str]:
    """`total` keys through the real key generation and hashing; 1,000 of them the bench partner's.
    Returns 2,000 plaintexts of usable keys (for the verify API)."""
    bench_links = [link for link in approved if link.partner_id == bench.pk]
    others = [link for link in approved if link.partner_id != bench.pk and link.partner.partner_type.code
              == "auth-partner"]
    chosen = [bench_links[n % len(bench_links)] for n in range(1000)] + random.choices(others, k=total - 1000)
    now, rows, usable = timezone.now(), [], []
    for n, link in enumerate(chosen):
        material = key_material.new_key()
        active = n < 1000 or n % 10 != 0
        rows.append(ApiKey(partner_id=link.partner_id, link=link, label=f"key {n}", public_id=material.public_id,
                           key_hash=material.key_hash, created_at=now - timedelta(minutes=n),
                           expires_at=now + timedelta(days=365), status="active" if active else "deactivated",
                           deactivated_at=None if active else now))
        if active:
            usable.append(material.plaintext)
    ApiKey.objects.bulk_create(rows, batch_size=5000)
    return random.sample(usable, 2000)
