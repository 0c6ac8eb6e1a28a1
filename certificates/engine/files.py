"""Reading an uploaded file: exactly one certificate (partner and FTM chip uploads), or a CA bundle (§3.1).

A bundle is a PEM file with several certificates or a PKCS#7 (.p7b/.p7c) file, PEM or DER. Every certificate
read here has been through the parse step (`parsing.read_fields`), so that later checks never meet a field
or an extension the library cannot parse.
"""

import re

from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs7
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from pms.errors import Refused

from .errors import refuse
from .parsing import read_fields

ALLOWED_EXTENSIONS = (".cer", ".crt", ".pem", ".der")
BUNDLE_EXTENSIONS = (".p7b", ".p7c")
CA_ALLOWED_EXTENSIONS = ALLOWED_EXTENSIONS + BUNDLE_EXTENSIONS
MAX_BUNDLE_CERTIFICATES = 50
_PEM_BEGIN = b"-----BEGIN CERTIFICATE-----"
_PEM_END = b"-----END CERTIFICATE-----"
_PKCS7_PEM = re.compile(rb"-----BEGIN (PKCS7|CERTIFICATE BUNDLE)-----")
_PRIVATE_KEY = re.compile(rb"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----")


def load_certificate(data: bytes, *, filename: str | None = None, ca: bool = False) -> x509.Certificate:
    """Exactly one certificate from PEM or DER bytes; every other input is refused with its own code.

    `ca` names the file types of the trust store upload (bundles included) in the wrong-type message.
    """
    if ca:
        _check_file(data, filename, CA_ALLOWED_EXTENSIONS, "ca_file_extension")
    else:
        _check_file(data, filename, ALLOWED_EXTENSIONS, "file_extension")
    certificate = _load_pem(data) if b"-----BEGIN" in data else _load_der(data)
    read_fields(certificate)
    return certificate


def is_bundle(data: bytes, filename: str | None = None) -> bool:
    """True for a PKCS#7 file or a PEM file holding more than one certificate."""
    if filename is not None and filename.lower().endswith(BUNDLE_EXTENSIONS):
        return True
    if _PKCS7_PEM.search(data) or data.count(_PEM_BEGIN) > 1:
        return True
    return b"-----BEGIN" not in data and _is_der_pkcs7(data)


def load_bundle(data: bytes, *, filename: str | None = None) -> list[x509.Certificate]:
    """The certificates of a PEM or PKCS#7 bundle, in file order, each through the parse step.

    A certificate that cannot be parsed refuses the whole file: its position in a chain is unknown.
    """
    _check_file(data, filename, CA_ALLOWED_EXTENSIONS, "ca_file_extension")
    if _PRIVATE_KEY.search(data):
        raise refuse("private_key_in_file")
    if _PKCS7_PEM.search(data):
        certificates = _load_pkcs7_pem(data)
    elif b"-----BEGIN" in data:
        certificates = _load_pem_bundle(data)
    else:
        certificates = _load_der_bundle(data, filename)
    if not certificates:
        raise refuse("bundle_empty")
    if len(certificates) > MAX_BUNDLE_CERTIFICATES:
        raise refuse("bundle_too_many", count=len(certificates), limit=MAX_BUNDLE_CERTIFICATES)
    for certificate in certificates:
        read_fields(certificate)
    return certificates


def _check_file(data: bytes, filename: str | None, extensions: tuple[str, ...], code: str) -> None:
    if filename is not None and not filename.lower().endswith(extensions):
        raise refuse(code)
    limit = settings.PMS_CERT_UPLOAD_MAX_BYTES
    if len(data) > limit:
        raise refuse("file_too_large", limit=filesizeformat(limit))
    if not data.strip():
        raise refuse("file_empty")


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
    except x509.InvalidVersion:
        raise refuse("certificate_malformed") from None
    except ValueError:
        raise refuse("pem_invalid") from None


def _load_der(data: bytes) -> x509.Certificate:
    try:
        return x509.load_der_x509_certificate(data)
    except x509.InvalidVersion:  # not a ValueError: it would escape as a 500
        raise refuse("certificate_malformed") from None
    except ValueError:
        raise refuse("not_a_certificate") from None


def _is_der_pkcs7(data: bytes) -> bool:
    try:
        pkcs7.load_der_pkcs7_certificates(data)
    except (ValueError, TypeError, x509.InvalidVersion):
        return False
    return True


def _load_pkcs7_pem(data: bytes) -> list[x509.Certificate]:
    try:
        return pkcs7.load_pem_pkcs7_certificates(data)
    except (ValueError, TypeError, x509.InvalidVersion):
        raise refuse("pkcs7_invalid") from None


def _load_der_bundle(data: bytes, filename: str | None) -> list[x509.Certificate]:
    """A DER PKCS#7, or a lone DER certificate (whatever the file is called)."""
    try:
        return pkcs7.load_der_pkcs7_certificates(data)
    except (ValueError, TypeError, x509.InvalidVersion):
        pass
    try:
        return [_load_der(data)]
    except Refused:
        if (filename or "").lower().endswith(BUNDLE_EXTENSIONS):
            raise refuse("pkcs7_invalid") from None
        raise


def _load_pem_bundle(data: bytes) -> list[x509.Certificate]:
    begins, ends = data.count(_PEM_BEGIN), data.count(_PEM_END)
    if begins == 0:
        raise refuse("pem_no_certificate")
    if ends < begins:
        raise refuse("pem_truncated")
    try:
        return x509.load_pem_x509_certificates(data)
    except x509.InvalidVersion:
        raise refuse("certificate_malformed") from None
    except ValueError:
        raise refuse("pem_invalid") from None
