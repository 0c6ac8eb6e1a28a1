"""Reading uploaded files (§3.1): one certificate, PEM or DER, size-limited, each bad file with its reason."""

import os

import pytest

from certificates.engine import load_certificate
from tests.certificates import factories as pki


def test_a_pem_certificate_is_read():
    issued = pki.make_root()

    assert load_certificate(issued.pem, filename="root.pem") == issued.certificate


def test_a_der_certificate_is_read():
    issued = pki.make_root()

    assert load_certificate(issued.der, filename="root.der") == issued.certificate


def test_a_pem_file_with_a_windows_extension_and_line_endings_is_read():
    issued = pki.make_root()

    assert load_certificate(issued.pem.replace(b"\n", b"\r\n"), filename="ROOT.CER") == issued.certificate


def test_a_pem_bundle_is_refused_with_its_own_message(refusal):
    bundle = pki.make_root().pem + pki.make_root().pem

    error = refusal(load_certificate, data=bundle, filename="bundle.pem")

    assert error.code == "pem_bundle"
    assert "holds 2 certificates (a PEM bundle)" in error.message


def test_an_empty_file_is_refused(refusal):
    error = refusal(load_certificate, data=b"", filename="empty.pem")

    assert error.code == "file_empty"
    assert error.message == "The file is empty. Choose the certificate file again."


def test_a_file_of_blank_lines_counts_as_empty(refusal):
    assert refusal(load_certificate, data=b"\n \r\n", filename="blank.pem").code == "file_empty"


def test_random_bytes_are_refused(refusal):
    error = refusal(load_certificate, data=os.urandom(2048), filename="random.der")

    assert error.code == "not_a_certificate"
    assert "neither PEM text nor a DER-encoded X.509 certificate" in error.message


def test_a_truncated_pem_is_refused(refusal):
    pem = pki.make_root().pem

    error = refusal(load_certificate, data=pem[: len(pem) // 2], filename="cut.pem")

    assert error.code == "pem_truncated"
    assert "-----END CERTIFICATE-----" in error.message


def test_a_pem_with_damaged_content_is_refused(refusal):
    lines = pki.make_root().pem.splitlines()
    damaged = b"\n".join([lines[0], *lines[1:4], lines[-1]])

    error = refusal(load_certificate, data=damaged, filename="damaged.pem")

    assert error.code == "pem_invalid"
    assert "is not a valid certificate" in error.message


def test_a_truncated_der_file_is_refused(refusal):
    der = pki.make_root().der

    assert refusal(load_certificate, data=der[:-40], filename="cut.der").code == "not_a_certificate"


def test_a_five_mebibyte_file_is_refused(refusal):
    error = refusal(load_certificate, data=b"A" * (5 * 1024 * 1024), filename="big.pem")

    assert error.code == "file_too_large"
    assert "larger than 1.0" in error.message


def test_the_size_limit_comes_from_the_settings(settings, refusal):
    settings.PMS_CERT_UPLOAD_MAX_BYTES = 100

    assert refusal(load_certificate, data=pki.make_root().pem, filename="root.pem").code == "file_too_large"


@pytest.mark.parametrize("filename", ["root.txt", "root.p12", "root", "root.pem.exe"])
def test_a_wrong_file_extension_is_refused(filename, refusal):
    error = refusal(load_certificate, data=pki.make_root().pem, filename=filename)

    assert error.code == "file_extension"
    assert error.message == "Upload a .cer, .crt, .pem or .der file."


def test_a_file_with_a_private_key_is_refused_without_reading_further(refusal):
    issued = pki.make_root()
    from cryptography.hazmat.primitives import serialization

    key = issued.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                   serialization.NoEncryption())

    error = refusal(load_certificate, data=issued.pem + key, filename="both.pem")

    assert error.code == "private_key_in_file"


def test_a_pem_without_certificate_block_is_refused(refusal):
    data = b"-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n"

    assert refusal(load_certificate, data=data, filename="request.pem").code == "pem_no_certificate"


def test_an_unknown_x509_version_is_refused_not_raised(refusal):
    """cryptography raises InvalidVersion, which is not a ValueError: it used to escape as a 500."""
    from tests.certificates import der

    root = pki.make_root()
    mutant = der.resign(root.der, root.key, der.with_version(3))

    error = refusal(load_certificate, data=mutant, filename="v4.der")

    assert error.code == "certificate_malformed"
