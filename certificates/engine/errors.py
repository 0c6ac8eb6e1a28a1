"""Every reason the engine refuses a certificate: a stable code (audit, tests) and a translated message."""

from django.utils.translation import gettext_lazy as _

from pms.errors import Refused

MESSAGES = {
    "unknown_domain": _("Choose the partner domain: AUTH, DEVICE or FTM."),
    # The file itself.
    "file_extension": _("Upload a .cer, .crt, .pem or .der file."),
    "file_too_large": _("The file is larger than %(limit)s; a certificate file is much smaller."),
    "file_empty": _("The file is empty. Choose the certificate file again."),
    "private_key_in_file": _("The file contains a private key. Never upload a private key: upload only the "
                             "certificate."),
    "pem_bundle": _("The file holds %(count)s certificates (a PEM bundle). Upload one certificate per file: "
                    "split the bundle and upload each certificate on its own, the root first."),
    "pem_truncated": _("The PEM file is incomplete: the \"-----END CERTIFICATE-----\" line is missing. "
                       "The file may have been cut off while copying."),
    "pem_no_certificate": _("The PEM file does not contain a certificate (no \"-----BEGIN CERTIFICATE-----\" "
                            "block). It may be a certificate request or a key."),
    "pem_invalid": _("The PEM file is damaged: the text between its BEGIN and END lines is not a valid "
                     "certificate."),
    "not_a_certificate": _("The file is not a certificate: it is neither PEM text nor a DER-encoded X.509 "
                           "certificate."),
    "certificate_malformed": _("The certificate could not be read: one of its fields or extensions is "
                               "malformed."),
    # Keys and signatures.
    "weak_rsa_key": _("The RSA key has %(bits)s bits; at least 2048 bits are required."),
    "ec_curve_not_allowed": _("The elliptic-curve key uses the curve %(curve)s; only P-256, P-384 and P-521 "
                              "are allowed."),
    "key_algorithm_not_allowed": _("The key type %(algorithm)s is not allowed; use RSA (2048 bits or more), "
                                   "EC (P-256, P-384, P-521) or Ed25519."),
    "signature_md5": _("The certificate is signed with MD5, which is broken. Ask your CA for a certificate "
                       "signed with SHA-256 or stronger."),
    "signature_sha1": _("The certificate is signed with SHA-1, which is no longer secure. Ask your CA for a "
                        "certificate signed with SHA-256 or stronger."),
    "signature_algorithm_not_allowed": _("The signature algorithm %(algorithm)s is not supported."),
    # Validity.
    "expired": _("The certificate expired on %(date)s."),
    "not_yet_valid": _("The certificate is not valid yet: its validity starts on %(date)s."),
    "validity_too_short": _("The certificate expires on %(date)s; it must remain valid for at least %(days)s "
                            "days from today."),
    # CA certificates.
    "not_ca": _("This is not a CA certificate (its basicConstraints extension is missing or says CA: false). "
                "Only root and intermediate CA certificates go into the trust store."),
    "no_key_cert_sign": _("The certificate's key usage does not include keyCertSign, so it may not sign "
                          "certificates."),
    "duplicate": _("This certificate is already in the trust store of the %(domain)s domain."),
    # Chains.
    "no_root_ca": _("The %(domain)s domain has no root CA certificate in the trust store yet: upload the "
                    "root certificate first."),
    "unknown_issuer": _("The issuer of this certificate (%(issuer)s) is not in the trust store of the "
                        "%(domain)s domain: upload its root and intermediate certificates first."),
    "wrong_domain": _("This certificate chains to a CA of the %(other)s domain, not of the %(domain)s "
                      "domain."),
    "issuer_deactivated": _("The CA that issued this certificate (%(issuer)s) has been deactivated in the "
                            "trust store."),
    "broken_signature": _("The certificate's signature does not verify with the key of its issuer "
                          "(%(issuer)s): the file was altered or was not issued by that CA."),
    "chain_algorithm_not_supported": _("The chain uses an Ed25519 key, which the chain validator does not "
                                       "support; use RSA or ECDSA keys for intermediate and partner "
                                       "certificates."),
    "chain_invalid": _("The certificate does not chain to a trusted root of the %(domain)s domain: a CA in "
                       "its chain is expired, not valid yet or may not sign certificates."),
    # Partner (end-entity) certificates.
    "ca_as_partner": _("This is a CA certificate. Upload the partner's own certificate, issued by your CA, "
                       "not the CA certificate."),
    "self_signed": _("The certificate is self-signed. Upload a certificate issued by a CA of the trust "
                     "store."),
    "organization_mismatch": _("The certificate's organization (O=%(found)s) does not match the partner's "
                               "organization name \"%(expected)s\"."),
    "organization_missing": _("The certificate has no organization (O) in its subject; it must be the "
                              "partner's organization name \"%(expected)s\"."),
    "already_current": _("This certificate is already the partner's current certificate."),
    "partner_inactive": _("This partner is deactivated; its certificate cannot be changed."),
}


def refuse(code: str, *, field: str = "certificate", **params) -> Refused:
    """The Refused error for `code`, its message formatted in the active language."""
    message = MESSAGES[code]
    return Refused(code, (message % params) if params else str(message), field=field)
