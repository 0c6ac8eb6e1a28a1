"""The certificate engine (PRODUCT.md §3.4): parsing, the checks of §3.1/§3.3, chain building with
`cryptography.x509.verification` and certificate issuance. Every caller goes through these functions:
the trust store, partner certificates, the management commands and (later) FTM chip certificates."""

from .errors import MESSAGES, refuse
from .parsing import ALLOWED_EXTENSIONS, CertificateInfo, describe, fingerprint, load_certificate, to_pem
from .validation import END_ENTITY, ValidatedCertificate, validate_ca_certificate, validate_end_entity

__all__ = [
    "ALLOWED_EXTENSIONS", "END_ENTITY", "MESSAGES", "CertificateInfo", "ValidatedCertificate", "describe",
    "fingerprint", "load_certificate", "refuse", "to_pem", "validate_ca_certificate", "validate_end_entity",
]
