"""Short names of the certificate engine's refusal codes, for the audit trail's page (audit.labels).

The full messages (certificates/engine/errors.py) need their placeholders; the audit trail stores the code.
"""

from django.utils.translation import gettext_lazy as _

REFUSALS = {
    "unknown_domain": _("Unknown partner domain"), "file_extension": _("Wrong file extension"),
    "file_too_large": _("File too large"), "file_empty": _("Empty file"),
    "private_key_in_file": _("Private key in the file"), "pem_bundle": _("Several certificates in one file"),
    "pem_truncated": _("Incomplete PEM file"), "pem_no_certificate": _("No certificate in the PEM file"),
    "pem_invalid": _("Damaged PEM file"), "not_a_certificate": _("Not a certificate"),
    "certificate_malformed": _("Malformed certificate"), "weak_rsa_key": _("RSA key too short"),
    "ec_curve_not_allowed": _("Elliptic curve not allowed"), "key_algorithm_not_allowed": _("Key type not allowed"),
    "signature_md5": _("Signed with MD5"), "signature_sha1": _("Signed with SHA-1"),
    "signature_algorithm_not_allowed": _("Signature algorithm not supported"), "expired": _("Expired"),
    "not_yet_valid": _("Not yet valid"), "validity_too_short": _("Validity too short"),
    "not_ca": _("Not a CA certificate"), "no_key_cert_sign": _("May not sign certificates"),
    "duplicate": _("Already in the trust store"), "no_root_ca": _("No root CA in the trust store"),
    "unknown_issuer": _("Issuer not in the trust store"), "wrong_domain": _("CA of another domain"),
    "issuer_deactivated": _("Issuing CA deactivated"), "broken_signature": _("Signature does not verify"),
    "chain_algorithm_not_supported": _("Chain key type not supported"), "chain_invalid": _("Chain not trusted"),
    "ca_as_partner": _("CA certificate instead of the partner's"), "self_signed": _("Self-signed"),
    "organization_mismatch": _("Organization does not match"), "organization_missing": _("No organization"),
    "already_current": _("Already the current certificate"), "partner_inactive": _("Partner deactivated"),
}
