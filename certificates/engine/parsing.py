"""Reading an uploaded file into exactly one X.509 certificate, and describing a certificate's fields."""

import re
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from cryptography.x509.oid import NameOID, SignatureAlgorithmOID
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from .errors import refuse

ALLOWED_EXTENSIONS = (".cer", ".crt", ".pem", ".der")
_PEM_BEGIN = b"-----BEGIN CERTIFICATE-----"
_PEM_END = b"-----END CERTIFICATE-----"
_PRIVATE_KEY = re.compile(rb"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----")


def load_certificate(data: bytes, *, filename: str | None = None) -> x509.Certificate:
    """Exactly one certificate from PEM or DER bytes; every other input is refused with its own code."""
    if filename is not None and not filename.lower().endswith(ALLOWED_EXTENSIONS):
        raise refuse("file_extension")
    limit = settings.PMS_CERT_UPLOAD_MAX_BYTES
    if len(data) > limit:
        raise refuse("file_too_large", limit=filesizeformat(limit))
    if not data.strip():
        raise refuse("file_empty")
    certificate = _load_pem(data) if b"-----BEGIN" in data else _load_der(data)
    try:
        describe(certificate)  # parse every field now, so that later checks never meet a malformed one
    except (ValueError, UnsupportedAlgorithm, TypeError):
        raise refuse("certificate_malformed") from None
    return certificate


def _load_pem(data: bytes) -> x509.Certificate:
    if _PRIVATE_KEY.search(data):
        raise refuse("private_key_in_file")
    begins, ends = data.count(_PEM_BEGIN), data.count(_PEM_END)
    if begins == 0:
        raise refuse("pem_no_certificate")
    if begins > 1 or ends > 1:
        raise refuse("pem_bundle", count=max(begins, ends))
    if ends == 0:
        raise refuse("pem_truncated")
    try:
        return x509.load_pem_x509_certificate(data)
    except ValueError:
        raise refuse("pem_invalid") from None


def _load_der(data: bytes) -> x509.Certificate:
    try:
        return x509.load_der_x509_certificate(data)
    except ValueError:
        raise refuse("not_a_certificate") from None


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
