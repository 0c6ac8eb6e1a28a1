"""The certificate engine (PRODUCT.md §3.4): parsing, the checks of §3.1/§3.3 and of the RFC 5280 profile,
chain building with `cryptography.x509.verification` and certificate issuance. Every caller goes through these
functions: the trust store, partner certificates, the management commands and FTM chip certificates."""

from .bundles import order_root_first
from .errors import MESSAGES, refuse
from .files import (
    ALLOWED_EXTENSIONS,
    CA_ALLOWED_EXTENSIONS,
    MAX_BUNDLE_CERTIFICATES,
    is_bundle,
    load_bundle,
    load_certificate,
)
from .parsing import CertificateInfo, describe, fingerprint, to_pem
from .validation import (
    END_ENTITY,
    ValidatedCertificate,
    check_ca_certificate,
    validate_ca_certificate,
    validate_end_entity,
)

__all__ = [
    "ALLOWED_EXTENSIONS", "CA_ALLOWED_EXTENSIONS", "END_ENTITY", "MAX_BUNDLE_CERTIFICATES", "MESSAGES",
    "CertificateInfo", "ValidatedCertificate", "check_ca_certificate", "describe", "fingerprint", "is_bundle",
    "load_bundle", "load_certificate", "order_root_first", "refuse", "to_pem", "validate_ca_certificate",
    "validate_end_entity",
]
