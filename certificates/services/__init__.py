"""Every state change of the certificates app (PRODUCT.md §3), and the functions other apps reuse:

- `validate_end_entity(data, *, domain, organization, filename=None)` checks an end-entity certificate as in
  §3.3 (FTM chip certificates use it with domain "FTM" and the provider's organization name);
- `issue_platform_signed(certificate)` signs its subject and public key with the portal CA;
- `upload_ca_bundle(domain=, data=, filename=, actor=)` adds the CA certificates of a PEM or PKCS#7 bundle one
  by one (importers of a CA chain use it; `is_ca_bundle(data, filename)` tells a bundle from one certificate).
"""

from ..engine import ValidatedCertificate, validate_ca_certificate, validate_end_entity
from ..engine import is_bundle as is_ca_bundle
from .bundles import BundleEntry, BundleReport, upload_ca_bundle
from .partner_certificates import upload_partner_certificate
from .portal_ca import IssuedCertificate, ensure_portal_ca, issue_platform_signed, rotate_portal_signing_key
from .recording import record_download
from .trust_store import deactivate_ca_certificate, upload_ca_certificate

__all__ = [
    "BundleEntry", "BundleReport", "is_ca_bundle", "upload_ca_bundle",
    "IssuedCertificate", "ValidatedCertificate", "deactivate_ca_certificate", "ensure_portal_ca",
    "issue_platform_signed", "record_download", "rotate_portal_signing_key", "upload_ca_certificate",
    "upload_partner_certificate", "validate_ca_certificate", "validate_end_entity",
]
