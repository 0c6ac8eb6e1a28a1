"""Real certificate hierarchies for tests, built with `cryptography` (root → intermediate → partner).

`give_valid_partner_certificate(partner)` is what other apps' tests use to make
`certificates.selectors.has_valid_partner_certificate(partner)` true through the real services.
"""

import functools
import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.x509.oid import NameOID

_names = itertools.count(1)


@dataclass(frozen=True)
class Issued:
    certificate: x509.Certificate
    key: object

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)


@dataclass(frozen=True)
class Hierarchy:
    root: Issued
    intermediate: Issued


@functools.cache
def rsa_key(bits: int = 2048, index: int = 0) -> rsa.RSAPrivateKey:
    """RSA keys are slow to generate, so tests share a few (by size and index)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def new_key(kind: str = "ec"):
    if kind == "rsa":
        return rsa_key(2048, next(_names) % 4)
    if kind == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    curves = {"ec": ec.SECP256R1, "p384": ec.SECP384R1, "p521": ec.SECP521R1, "secp256k1": ec.SECP256K1}
    return ec.generate_private_key(curves[kind]())


def name(common_name: str, organization: str | None = "Test PKI") -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "FR")]
    if organization is not None:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    return x509.Name(attributes + [x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def unique(label: str) -> str:
    return f"{label} {next(_names)}"


def _key_usage(*, ca: bool, cert_sign: bool | None = None) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True, content_commitment=False, key_encipherment=not ca, data_encipherment=False,
        key_agreement=False, key_cert_sign=ca if cert_sign is None else cert_sign, crl_sign=ca,
        encipher_only=False, decipher_only=False)


def build(*, subject: x509.Name, key=None, issuer: Issued | None = None, ca: bool = True, days: float = 3650,
          starts: float = -1, key_usage: bool = True, cert_sign: bool | None = None,
          basic_constraints: bool = True, algorithm=None, extra=(), critical_extra=(), path_length=None,
          ski: bool = True, aki: bool | None = None, issuer_name: x509.Name | None = None,
          bc_critical: bool = True) -> Issued:
    """One certificate. `issuer=None` makes it self-signed; `days`/`starts` are relative to now.

    It follows RFC 5280 unless told otherwise: an SKI, and an AKI when it is not self-signed (`aki`).
    `issuer_name` with an `issuer` makes a self-issued certificate (key rollover): the issuer's key signs
    a certificate whose issuer and subject are both `issuer_name`.
    """
    key = key or new_key()
    signer_key = issuer.key if issuer else key
    now = datetime.now(UTC)
    builder = (x509.CertificateBuilder().subject_name(subject)
               .issuer_name(issuer_name or (issuer.certificate.subject if issuer else subject))
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now + timedelta(days=starts)).not_valid_after(now + timedelta(days=days)))
    if ski:
        builder = builder.add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                                        critical=False)
    if aki if aki is not None else issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signer_key.public_key()), critical=False)
    if basic_constraints:
        builder = builder.add_extension(x509.BasicConstraints(ca=ca, path_length=path_length),
                                        critical=bc_critical)
    if key_usage:
        builder = builder.add_extension(_key_usage(ca=ca, cert_sign=cert_sign), critical=True)
    for extension in extra:
        builder = builder.add_extension(extension, critical=False)
    for extension in critical_extra:
        builder = builder.add_extension(extension, critical=True)
    if isinstance(signer_key, ed25519.Ed25519PrivateKey):
        algorithm = None
    else:
        algorithm = algorithm or hashes.SHA256()
    return Issued(builder.sign(signer_key, algorithm), key)


def make_root(*, kind: str = "ec", label: str = "Root CA", **kwargs) -> Issued:
    return build(subject=name(unique(label)), key=kwargs.pop("key", None) or new_key(kind), **kwargs)


def make_intermediate(root: Issued, *, kind: str = "ec", label: str = "Intermediate CA", **kwargs) -> Issued:
    return build(subject=name(unique(label)), key=new_key(kind), issuer=root, days=kwargs.pop("days", 1825),
                 **kwargs)


def make_hierarchy(*, kind: str = "ec") -> Hierarchy:
    root = make_root(kind=kind)
    return Hierarchy(root, make_intermediate(root, kind=kind))


def make_partner_certificate(issuer: Issued, *, organization: str | None, kind: str = "ec",
                             days: float = 730, **kwargs) -> Issued:
    return build(subject=name(unique("partner"), organization), key=new_key(kind), issuer=issuer, ca=False,
                 days=days, **kwargs)


def resign_with_weak_hash(issued: Issued, *, digest: str) -> x509.Certificate:
    """A copy of an RSA self-signed certificate signed with SHA-1 or MD5, which the builder refuses to make.

    The algorithm identifiers have the same length, so swapping them and re-signing keeps the DER valid.
    """
    strong = bytes.fromhex("300d06092a864886f70d01010b0500")  # sha256WithRSAEncryption
    weak = strong[:-3] + bytes([{"sha1": 5, "md5": 4}[digest]]) + strong[-2:]
    old_tbs = issued.certificate.tbs_certificate_bytes
    new_tbs = old_tbs.replace(strong, weak)
    hash_algorithm = {"sha1": hashes.SHA1(), "md5": hashes.MD5()}[digest]
    signature = issued.key.sign(new_tbs, padding.PKCS1v15(), hash_algorithm)
    der = issued.der.replace(old_tbs, new_tbs).replace(issued.certificate.signature, signature)
    return x509.load_der_x509_certificate(der.replace(strong, weak))


def with_broken_signature(issued: Issued) -> bytes:
    """The DER of the certificate with the last byte of its signature flipped."""
    der = bytearray(issued.der)
    der[-1] ^= 0x01
    return bytes(der)


def fingerprint(issued: Issued) -> str:
    return issued.certificate.fingerprint(hashes.SHA256()).hex()


def common_name(issued: Issued) -> str:
    return issued.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value


def pem_of(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


# --- Through the real services ----------------------------------------------------------------------------

def install_hierarchy(domain: str, *, kind: str = "ec", actor=None) -> Hierarchy:
    """A root and an intermediate CA, uploaded into `domain`'s trust store."""
    from certificates import services

    hierarchy = make_hierarchy(kind=kind)
    services.upload_ca_certificate(domain=domain, data=hierarchy.root.pem, filename="root.pem", actor=actor)
    services.upload_ca_certificate(domain=domain, data=hierarchy.intermediate.pem, filename="inter.pem",
                                   actor=actor)
    return hierarchy


def give_valid_partner_certificate(partner, *, actor=None, hierarchy: Hierarchy | None = None):
    """Upload a valid CA-signed certificate for `partner`, trusting a new CA hierarchy for its domain."""
    from certificates import services

    hierarchy = hierarchy or install_hierarchy(partner.partner_type.domain)
    issued = make_partner_certificate(hierarchy.intermediate, organization=partner.organization_name)
    return services.upload_partner_certificate(partner=partner, data=issued.pem, filename="partner.pem",
                                               actor=actor)
