"""Every reason the engine refuses a certificate: a stable code (audit, tests) and a translated message."""

from django.utils.translation import gettext_lazy as _

from pms.errors import Refused

MESSAGES = {
    "unknown_domain": _("Choose the partner domain: AUTH, DEVICE or FTM."),
    # The file itself.
    "file_extension": _("Upload a .cer, .crt, .pem or .der file."),
    "ca_file_extension": _("Upload a .cer, .crt, .pem, .der, .p7b or .p7c file."),
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
    "extension_malformed": _("The certificate has a malformed or duplicated extension."),
    "extension_malformed_named": _("The certificate has a malformed or duplicated extension: %(extension)s."),
    # Bundles (§3.1): a PEM file with several certificates or a PKCS#7 file.
    "bundle_empty": _("The bundle does not contain any certificate."),
    "bundle_too_many": _("The bundle holds %(count)s certificates; at most %(limit)s can be uploaded at once."),
    "pkcs7_invalid": _("The PKCS#7 (.p7b) file is damaged or is not a certificate bundle."),
    # The RFC 5280 profile (§4.1, §4.2) of every certificate.
    "version_not_v3": _("The certificate is an X.509 version %(version)s certificate; only version 3 "
                        "certificates are accepted."),
    "serial_not_positive": _("The certificate's serial number is %(serial)s; RFC 5280 requires a positive, "
                             "non-zero serial number."),
    "serial_too_long": _("The certificate's serial number is %(octets)s octets long; RFC 5280 allows at most "
                         "20 octets."),
    "aki_missing": _("The certificate has no authority key identifier; RFC 5280 requires one in every "
                     "certificate that is not self-signed."),
    "aki_critical": _("The authority key identifier extension is marked critical; RFC 5280 requires it to be "
                      "non-critical."),
    "aki_no_key_identifier": _("The authority key identifier extension has no key identifier; RFC 5280 "
                               "requires one."),
    "ski_missing": _("This CA certificate has no subject key identifier; RFC 5280 requires one in every CA "
                     "certificate."),
    "ski_critical": _("The subject key identifier extension is marked critical; RFC 5280 requires it to be "
                      "non-critical."),
    "basic_constraints_not_critical": _("The basicConstraints extension of this CA certificate is not marked "
                                        "critical; RFC 5280 requires it to be critical."),
    "aia_critical": _("The authority information access extension is marked critical; RFC 5280 requires it "
                      "to be non-critical."),
    "san_missing": _("The certificate's subject is empty and it has no subject alternative name; RFC 5280 "
                     "requires one, marked critical."),
    "san_not_critical": _("The certificate's subject is empty, so its subject alternative name extension must "
                          "be marked critical (RFC 5280)."),
    "san_dns_invalid": _("The subject alternative name \"%(name)s\" is not a valid DNS name: letters, digits "
                         "and hyphens in dot-separated labels are required (RFC 5280)."),
    "name_constraints_in_end_entity": _("The certificate has a name constraints extension, which only CA "
                                        "certificates may carry."),
    "name_constraints_not_critical": _("The name constraints extension is not marked critical; RFC 5280 "
                                       "requires it to be critical."),
    "name_constraints_empty": _("The name constraints extension lists neither permitted nor excluded names."),
    "name_constraints_directory_name": _("The name constraints of this CA restrict directory names "
                                         "(directoryName), which the chain validator cannot evaluate: "
                                         "certificates under it could not be checked against them, so the "
                                         "CA is refused."),
    "name_constraints_unsupported": _("The name constraints of this CA restrict %(types)s names, which the "
                                      "chain validator cannot evaluate: certificates under it could not be "
                                      "checked against them, so the CA is refused."),
    "policy_constraints_not_critical": _("The policy constraints extension is not marked critical; RFC 5280 "
                                         "requires it to be critical."),
    "inhibit_any_policy_not_critical": _("The inhibit anyPolicy extension is not marked critical; RFC 5280 "
                                         "requires it to be critical."),
    "unknown_critical_extension": _("The certificate has a critical extension that the portal does not "
                                    "process (%(extension)s); such a certificate must be refused."),
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
    "chain_ca_expired": _("The CA certificate \"%(name)s\" in the chain expired on %(date)s."),
    "chain_ca_not_yet_valid": _("The CA certificate \"%(name)s\" in the chain is not valid until %(date)s."),
    "chain_ca_not_ca": _("The certificate \"%(name)s\" in the chain is not a CA certificate allowed to sign "
                         "certificates."),
    "path_length_exceeded": _("The CA certificate \"%(name)s\" allows at most %(limit)s intermediate CA "
                              "certificates below it (pathLenConstraint); this chain has %(count)s."),
    "name_constraint_violated": _("The certificate's names are outside the name constraints of the CA "
                                  "certificate \"%(name)s\" in the chain."),
    "chain_ca_refused": _("The chain validator refused the CA certificate \"%(name)s\" in the chain: it "
                          "does not follow the RFC 5280 profile."),
    "chain_too_long": _("The chain has more than %(depth)s intermediate CA certificates."),
    "profile_invalid": _("The chain validator refused the certificate: it does not follow the RFC 5280 "
                         "profile (for example a date encoding or an extension's content)."),
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


def refuse(code: str, *, field: str = "certificate", message: str | None = None, **params) -> Refused:
    """The Refused error for `code`, its message (MESSAGES[message or code]) formatted in the active language."""
    text = MESSAGES[message or code]
    return Refused(code, (text % params) if params else str(text), field=field)
