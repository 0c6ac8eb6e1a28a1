"""Demo data: a root and an intermediate CA per domain, and a valid certificate for every demo partner.

The demo CAs' private keys exist only in the process that loads the demo data (they are never stored), so
a domain whose demo partners all have a certificate is left alone, and a later run makes a fresh hierarchy
when needed. Later loaders get certificates issued under the same hierarchy with `demo_end_entity_pem`
(the devices app's FTM chip certificates).
"""

import secrets
from datetime import timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.utils import timezone

from partners.demo import PARTNERS
from partners.models import Domain, User

from . import selectors, services
from .engine import fingerprint
from .engine.issuing import build_ca_certificate
from .models import CACertificate

CA_DAYS = 10 * 365
PARTNER_DAYS = 2 * 365
_issuers: dict[str, tuple] = {}  # domain -> (intermediate certificate, its key), made by this process


def load_demo_certificates(*, stdout, reset_passwords: bool = False) -> list:
    """Create what is missing; demo accounts are made by the partners loader, so nothing is returned."""
    services.ensure_portal_ca()
    waiting = _partners_without_certificate()
    for domain in Domain.values:
        partners = [p for p in waiting if p.domain == domain]
        if selectors.has_active_root(domain) and not partners:
            continue
        intermediate = _install_hierarchy(domain)
        stdout.write(f"  Demo root and intermediate CA certificates for the {domain} domain")
        for partner in partners:
            _give_certificate(partner, issuer=intermediate)
            stdout.write(f"  Demo partner certificate for {partner.partner_id} ({partner.organization_name})")
    return []


def _partners_without_certificate() -> list:
    users = User.objects.filter(username__in=[row[0] for row in PARTNERS], partner__isnull=False)
    partners = [user.partner for user in users.select_related("partner__partner_type")]
    return [p for p in partners if p.is_active and not selectors.has_valid_partner_certificate(p)]


def _install_hierarchy(domain: str) -> tuple:
    now, suffix = timezone.now(), secrets.token_hex(3).upper()
    root_key = ec.generate_private_key(ec.SECP384R1())
    intermediate_key = ec.generate_private_key(ec.SECP384R1())
    root = build_ca_certificate(key=root_key, subject=_name(f"Demo {domain} Root CA {suffix}"), now=now,
                                days=CA_DAYS)
    intermediate = build_ca_certificate(
        key=intermediate_key, subject=_name(f"Demo {domain} Issuing CA {suffix}"), now=now, days=CA_DAYS - 1,
        issuer_cert=root, issuer_key=root_key)
    for certificate, filename in ((root, "demo-root.pem"), (intermediate, "demo-intermediate.pem")):
        services.upload_ca_certificate(domain=domain, data=_pem(certificate), filename=filename, actor=None)
    _issuers[domain] = (intermediate, intermediate_key)
    return intermediate, intermediate_key


def demo_end_entity_pem(domain: str, *, organization: str, common_name: str) -> bytes:
    """A certificate for `organization` under this process's demo hierarchy of `domain` (made when missing)."""
    issuer = _issuers.get(domain)
    if issuer is None or not CACertificate.objects.filter(
            domain=domain, fingerprint_sha256=fingerprint(issuer[0]), status=CACertificate.Status.ACTIVE).exists():
        issuer = _install_hierarchy(domain)
    return _pem(_end_entity(issuer, organization=organization, common_name=common_name))


def _give_certificate(partner, *, issuer: tuple) -> None:
    certificate = _end_entity(issuer, organization=partner.organization_name, common_name=partner.partner_id)
    services.upload_partner_certificate(partner=partner, data=_pem(certificate), filename="demo-partner.pem",
                                        actor=None)


def _end_entity(issuer: tuple, *, organization: str, common_name: str) -> x509.Certificate:
    issuer_cert, issuer_key = issuer
    key, now = ec.generate_private_key(ec.SECP256R1()), timezone.now()
    subject = x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer_cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=PARTNER_DAYS))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
                           critical=False)
            .sign(issuer_key, hashes.SHA384()))


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "PMS Demo PKI"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)
