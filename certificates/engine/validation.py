"""The two validations every caller uses: a CA for the trust store (§3.1) and an end-entity certificate of a
partner or, later, of an FTM chip (§3.3). Each returns the parsed certificate or raises Refused."""

from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.utils import timezone

from partners.models import Domain

from ..models import CACertificate
from . import rules
from .chains import has_signer_in_store, verify_chain
from .errors import refuse
from .extensions import parse_extensions
from .files import load_certificate
from .library import check_root
from .parsing import CertificateInfo, describe
from .profile import check_profile, require_authority_key_identifier


@dataclass(frozen=True)
class ValidatedCertificate:
    certificate: x509.Certificate
    info: CertificateInfo
    kind: str  # CACertificate.Kind value, or END_ENTITY
    issuer: CACertificate | None  # the trust-store CA that signed it; None for a root
    chain: tuple[x509.Certificate, ...]  # the certificate first, its root last


END_ENTITY = "end_entity"


def validate_ca_certificate(data: bytes, *, domain: str, filename: str | None = None,
                            now: datetime | None = None) -> ValidatedCertificate:
    """A root or intermediate CA certificate that may enter `domain`'s trust store (§3.1)."""
    _check_domain(domain)
    return check_ca_certificate(load_certificate(data, filename=filename, ca=True), domain=domain, now=now)


def check_ca_certificate(certificate: x509.Certificate, *, domain: str,
                         now: datetime | None = None) -> ValidatedCertificate:
    """`validate_ca_certificate` for a certificate already read (one of a bundle, files.load_bundle).

    Root vs intermediate (§3.1): only a certificate whose own key verifies its signature is a root. A
    self-issued one (same subject and issuer, another key: a key rollover) is an intermediate that must
    chain like any other.
    """
    _check_domain(domain)
    now = now or timezone.now()
    rules.check_key(certificate)
    rules.check_signature_algorithm(certificate)
    rules.check_ca(certificate)
    check_profile(certificate, parse_extensions(certificate), ca=True)
    rules.check_validity(certificate, now=now, min_days=settings.CA_CERT_MIN_VALIDITY_DAYS)
    info = describe(certificate)
    if CACertificate.objects.filter(domain=domain, fingerprint_sha256=info.fingerprint_sha256,
                                    status=CACertificate.Status.ACTIVE).exists():
        raise refuse("duplicate", domain=domain)
    if rules.is_self_signed(certificate):
        check_root(certificate, now=now)
        return ValidatedCertificate(certificate, info, CACertificate.Kind.ROOT, None, (certificate,))
    if rules.names_itself_as_issuer(certificate) and not has_signer_in_store(certificate, domain=domain):
        raise refuse("broken_signature", issuer=info.subject)  # claims to be a root, its own key disagrees
    require_authority_key_identifier(certificate)
    chain = verify_chain(certificate, domain=domain, now=now, ca=True)
    return ValidatedCertificate(certificate, info, CACertificate.Kind.INTERMEDIATE, chain.issuer,
                                chain.certificates)


def validate_end_entity(data: bytes, *, domain: str, organization: str, filename: str | None = None,
                        now: datetime | None = None) -> ValidatedCertificate:
    """A CA-signed end-entity certificate of `organization`, chaining to a trusted root of `domain` (§3.3).

    Used for partner certificates and, with domain FTM, for FTM chip certificates.
    """
    now = now or timezone.now()
    certificate = load_certificate(data, filename=filename)
    rules.check_key(certificate)
    rules.check_signature_algorithm(certificate)
    rules.check_end_entity(certificate)
    check_profile(certificate, parse_extensions(certificate), ca=False)
    rules.check_validity(certificate, now=now, min_days=settings.PARTNER_CERT_MIN_VALIDITY_DAYS)
    chain = verify_chain(certificate, domain=domain, now=now)
    check_organization(certificate, organization)
    return ValidatedCertificate(certificate, describe(certificate), END_ENTITY, chain.issuer,
                                chain.certificates)


def _check_domain(domain: str) -> None:
    if domain not in Domain.values:
        raise refuse("unknown_domain", field="domain")


def check_organization(certificate: x509.Certificate, organization: str) -> None:
    """The subject's O equals the organization name, ignoring case and surrounding spaces."""
    found = [str(a.value) for a in certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)]
    if not found:
        raise refuse("organization_missing", expected=organization)
    if organization.strip().casefold() not in {value.strip().casefold() for value in found}:
        raise refuse("organization_mismatch", found=", ".join(found), expected=organization)
