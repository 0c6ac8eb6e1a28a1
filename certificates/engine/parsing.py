"""Describing a certificate's fields, and the parse step every uploaded certificate goes through."""

import warnings
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from cryptography.x509.oid import NameOID, SignatureAlgorithmOID

from .errors import refuse
from .extensions import parse_extensions

# A serial number that is zero or negative makes the library warn when it is read; the profile check
# (profile.check_serial) refuses it with its own message, so the warning would only be noise.
warnings.filterwarnings("ignore", message="Parsed a serial number which wasn't positive")


def read_fields(certificate: x509.Certificate) -> x509.Extensions:
    """The parse step: every field and every extension parsed now, each failure a refusal (never a 500)."""
    try:
        describe(certificate)
    except (ValueError, UnsupportedAlgorithm, TypeError, UnicodeError):
        raise refuse("certificate_malformed") from None
    return parse_extensions(certificate)


@dataclass(frozen=True)
class CertificateInfo:
    """The parsed fields stored with a certificate (see models.CertificateData)."""

    pem: str
    subject: str
    issuer: str
    subject_common_name: str
    issuer_common_name: str
    serial_number: str
    not_before: datetime
    not_after: datetime
    fingerprint_sha256: str
    key_algorithm: str
    key_size: int
    key_curve: str
    signature_algorithm: str

    def as_fields(self) -> dict:
        return dict(self.__dict__)


def describe(certificate: x509.Certificate) -> CertificateInfo:
    algorithm, size, curve = key_details(certificate.public_key())
    return CertificateInfo(
        pem=to_pem(certificate),
        subject=certificate.subject.rfc4514_string(),
        issuer=certificate.issuer.rfc4514_string(),
        subject_common_name=name_attribute(certificate.subject, NameOID.COMMON_NAME)[:255],
        issuer_common_name=name_attribute(certificate.issuer, NameOID.COMMON_NAME)[:255],
        serial_number=f"{certificate.serial_number:x}".rjust(2, "0"),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        fingerprint_sha256=fingerprint(certificate),
        key_algorithm=algorithm,
        key_size=size,
        key_curve=curve,
        signature_algorithm=signature_algorithm_name(certificate),
    )


def to_pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def fingerprint(certificate: x509.Certificate) -> str:
    return certificate.fingerprint(hashes.SHA256()).hex()


def name_attribute(name: x509.Name, oid) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value).strip() if values else ""


def key_details(key) -> tuple[str, int, str]:
    """(algorithm, size in bits, curve) of a public key."""
    if isinstance(key, rsa.RSAPublicKey):
        return "RSA", key.key_size, ""
    if isinstance(key, ec.EllipticCurvePublicKey):
        return "EC", key.curve.key_size, _CURVE_NAMES.get(key.curve.name, key.curve.name)
    if isinstance(key, ed25519.Ed25519PublicKey):
        return "Ed25519", 256, ""
    if isinstance(key, ed448.Ed448PublicKey):
        return "Ed448", 456, ""
    if isinstance(key, dsa.DSAPublicKey):
        return "DSA", key.key_size, ""
    return type(key).__name__.replace("PublicKey", ""), 0, ""


_CURVE_NAMES = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}


_SIGNATURE_NAMES = {
    oid: name.replace("_WITH_", " with ").replace("_", "-")
    for name, oid in vars(SignatureAlgorithmOID).items() if not name.startswith("_")
}


def signature_algorithm_name(certificate: x509.Certificate) -> str:
    oid = certificate.signature_algorithm_oid
    return _SIGNATURE_NAMES.get(oid, oid.dotted_string)[:64]
