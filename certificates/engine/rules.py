"""The single-certificate checks of §3.1 and §3.3: key strength, signature algorithm, CA-ness, validity."""

from datetime import datetime, timedelta

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from pms.formats import format_date

from .errors import refuse

MIN_RSA_BITS = 2048
ALLOWED_CURVES = {"secp256r1", "secp384r1", "secp521r1"}


def check_key(certificate: x509.Certificate) -> None:
    """RSA of at least 2048 bits, EC on P-256/P-384/P-521, or Ed25519."""
    key = certificate.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        if key.key_size < MIN_RSA_BITS:
            raise refuse("weak_rsa_key", bits=key.key_size)
    elif isinstance(key, ec.EllipticCurvePublicKey):
        if key.curve.name not in ALLOWED_CURVES:
            raise refuse("ec_curve_not_allowed", curve=key.curve.name)
    elif not isinstance(key, ed25519.Ed25519PublicKey):
        raise refuse("key_algorithm_not_allowed", algorithm=type(key).__name__.replace("PublicKey", ""))


def check_signature_algorithm(certificate: x509.Certificate) -> None:
    """MD5 and SHA-1 are refused; so is any algorithm the library cannot verify."""
    try:
        algorithm = certificate.signature_hash_algorithm
    except UnsupportedAlgorithm:
        raise refuse("signature_algorithm_not_allowed",
                     algorithm=certificate.signature_algorithm_oid.dotted_string) from None
    if isinstance(algorithm, hashes.MD5):
        raise refuse("signature_md5")
    if isinstance(algorithm, hashes.SHA1):
        raise refuse("signature_sha1")


def extension(certificate: x509.Certificate, kind):
    """The value of an extension, or None when the certificate does not carry it."""
    try:
        return certificate.extensions.get_extension_for_class(kind).value
    except x509.ExtensionNotFound:
        return None


def is_ca(certificate: x509.Certificate) -> bool:
    constraints = extension(certificate, x509.BasicConstraints)
    return bool(constraints and constraints.ca)


def may_sign_certificates(certificate: x509.Certificate) -> bool:
    usage = extension(certificate, x509.KeyUsage)
    return usage is None or usage.key_cert_sign


def check_ca(certificate: x509.Certificate) -> None:
    if not is_ca(certificate):
        raise refuse("not_ca")
    if not may_sign_certificates(certificate):
        raise refuse("no_key_cert_sign")


def check_end_entity(certificate: x509.Certificate) -> None:
    """A partner certificate is neither a CA nor able to sign certificates, and not self-signed."""
    usage = extension(certificate, x509.KeyUsage)
    if is_ca(certificate) or (usage is not None and usage.key_cert_sign):
        raise refuse("ca_as_partner")
    if is_self_signed(certificate):
        raise refuse("self_signed")


def check_validity(certificate: x509.Certificate, *, now: datetime, min_days: int) -> None:
    """Valid now, not future-dated, and valid for at least `min_days` more days."""
    not_before, not_after = certificate.not_valid_before_utc, certificate.not_valid_after_utc
    if now < not_before:
        raise refuse("not_yet_valid", date=_date(not_before))
    if now > not_after:  # RFC 5280 §4.1.2.5: the validity period includes the notAfter second
        raise refuse("expired", date=_date(not_after))
    if not_after - now < timedelta(days=min_days):
        raise refuse("validity_too_short", date=_date(not_after), days=min_days)


def names_itself_as_issuer(certificate: x509.Certificate) -> bool:
    return certificate.subject == certificate.issuer


def is_self_signed(certificate: x509.Certificate) -> bool:
    """Subject equals issuer and the certificate's own key verifies its signature (§3.1)."""
    return names_itself_as_issuer(certificate) and is_issued_by(certificate, certificate)


def is_issued_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    """One link of a chain, checked by the library: issuer name and signature."""
    try:
        certificate.verify_directly_issued_by(issuer)
    except (InvalidSignature, ValueError, TypeError, UnsupportedAlgorithm):
        return False
    return True


def _date(value: datetime) -> str:
    return format_date(value)
