"""Making certificates: the portal CA's own certificates and platform-signed end-entity copies (§3.2, §3.3),
and the encryption of private keys at rest with `PMS_KEY_ENCRYPTION_KEY` (Fernet: AES-CBC + HMAC)."""

from datetime import datetime, timedelta

from cryptography import x509
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from django.conf import settings

from .rules import extension

CA_CURVE = ec.SECP384R1()
CLOCK_SKEW = timedelta(minutes=5)  # not_before slightly in the past, for verifiers whose clocks run behind


def new_ca_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(CA_CURVE)


def ca_name(common_name: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Partner Management Portal"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def build_ca_certificate(*, key, subject: x509.Name, now: datetime, days: int, issuer_cert=None,
                         issuer_key=None, path_length: int | None = None) -> x509.Certificate:
    """A CA certificate: self-signed when no issuer is given, else signed by `issuer_key`."""
    issuer_key = issuer_key or key
    builder = (x509.CertificateBuilder()
               .subject_name(subject)
               .issuer_name(issuer_cert.subject if issuer_cert else subject)
               .public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(now - CLOCK_SKEW)
               .not_valid_after(now + timedelta(days=days))
               .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
               .add_extension(_key_usage(ca=True, encipher=False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
                              critical=False))
    return builder.sign(issuer_key, hashes.SHA384())


def sign_end_entity(certificate: x509.Certificate, *, issuer_cert: x509.Certificate, issuer_key,
                    now: datetime, days: int) -> x509.Certificate:
    """The platform-signed copy: same subject and public key, end-entity extensions, issued by the portal CA.

    Its validity is `days` from now but never beyond the partner certificate nor the issuing CA.
    """
    public_key = certificate.public_key()
    not_after = min(now + timedelta(days=days), certificate.not_valid_after_utc,
                    issuer_cert.not_valid_after_utc)
    not_before = max(now - CLOCK_SKEW, certificate.not_valid_before_utc)
    builder = (x509.CertificateBuilder()
               .subject_name(certificate.subject)
               .issuer_name(issuer_cert.subject)
               .public_key(public_key)
               .serial_number(x509.random_serial_number())  # 159 random bits, positive
               .not_valid_before(not_before)
               .not_valid_after(not_after)
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(_key_usage(ca=False, encipher=isinstance(public_key, rsa.RSAPublicKey)),
                              critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
               .add_extension(_authority_key_identifier(issuer_cert), critical=False))
    alternative_names = _extension_of(certificate, x509.SubjectAlternativeName)
    if alternative_names is not None:  # critical when the subject is empty (RFC 5280 §4.2.1.6): keep it so
        builder = builder.add_extension(alternative_names.value, critical=alternative_names.critical)
    return builder.sign(issuer_key, hashes.SHA384())


def _extension_of(certificate: x509.Certificate, kind) -> x509.Extension | None:
    try:
        return certificate.extensions.get_extension_for_class(kind)
    except x509.ExtensionNotFound:
        return None


def _authority_key_identifier(issuer_cert: x509.Certificate) -> x509.AuthorityKeyIdentifier:
    ski = extension(issuer_cert, x509.SubjectKeyIdentifier)
    if ski is not None:
        return x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski)
    return x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_cert.public_key())


def _key_usage(*, ca: bool, encipher: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True, content_commitment=False, key_encipherment=encipher, data_encipherment=False,
        key_agreement=False, key_cert_sign=ca, crl_sign=ca, encipher_only=False, decipher_only=False,
    )


def _fernet() -> Fernet:
    return Fernet(settings.PMS_KEY_ENCRYPTION_KEY)


def encrypt_private_key(key) -> str:
    """The key as PKCS#8 DER, encrypted: only the token is ever stored."""
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    return _fernet().encrypt(der).decode("ascii")


def decrypt_private_key(token: str):
    """Raises cryptography.fernet.InvalidToken when the environment key is not the one that encrypted it."""
    return serialization.load_der_private_key(_fernet().decrypt(token.encode("ascii")), password=None)
