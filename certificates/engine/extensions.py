"""The parse step of every extension: nothing the library raises on a malformed certificate leaves the engine.

`cryptography` parses a certificate's extensions all at once, so its error cannot say which extension is at
fault. To name it, `_raw_extensions` splits the TBSCertificate into its extensions (a read-only walk over
DER tag-length-value headers; asn1crypto and the library's own asn1 module both parse the values eagerly and
fail on the very input we must describe), and each one is parsed again on its own by the library, inside a
throwaway certificate. Only the library ever interprets an extension's content.
"""

import functools
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from .errors import refuse

# Everything the library raises while parsing an extension (DuplicateExtension and
# UnsupportedGeneralNameType are plain Exception subclasses, not ValueError).
PARSE_ERRORS = (ValueError, TypeError, UnicodeError, UnsupportedAlgorithm, x509.DuplicateExtension,
                x509.UnsupportedGeneralNameType)
_MAX_PROBES = 64  # naming is best effort: a certificate with thousands of extensions is refused unnamed


def parse_extensions(certificate: x509.Certificate) -> x509.Extensions:
    """Every extension and each value, parsed now; a failure is the refusal "extension_malformed"."""
    try:
        extensions = certificate.extensions
        for extension in extensions:
            _touch(extension.value)
    except x509.DuplicateExtension as error:
        raise _malformed(label(error.oid)) from None
    except PARSE_ERRORS:
        raise _malformed(_find_malformed(certificate)) from None
    return extensions


def label(oid: x509.ObjectIdentifier) -> str:
    """`basicConstraints (2.5.29.19)`, or the dotted OID alone when the library has no name for it."""
    name = getattr(oid, "_name", "Unknown OID")
    return oid.dotted_string if name == "Unknown OID" else f"{name} ({oid.dotted_string})"


def _malformed(name: str | None):
    if name is None:
        return refuse("extension_malformed")
    return refuse("extension_malformed", message="extension_malformed_named", extension=name)


def _touch(value) -> None:
    """Names inside general names are built lazily by some accessors; build them now."""
    names = []
    if isinstance(value, x509.SubjectAlternativeName | x509.IssuerAlternativeName):
        names = list(value)
    elif isinstance(value, x509.NameConstraints):
        names = [*(value.permitted_subtrees or ()), *(value.excluded_subtrees or ())]
    for name in names:
        if isinstance(name, x509.DirectoryName):
            name.value.rfc4514_string()


def _find_malformed(certificate: x509.Certificate) -> str | None:
    try:
        raw = _raw_extensions(certificate.tbs_certificate_bytes)
    except (ValueError, IndexError):
        return None
    seen = set()
    for oid, critical, value in raw[:_MAX_PROBES]:
        if oid in seen or not _parses_alone(oid, critical, value):
            return label(oid)
        seen.add(oid)
    return None


@functools.cache
def _probe_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _parses_alone(oid: x509.ObjectIdentifier, critical: bool, value: bytes) -> bool:
    key, now = _probe_key(), datetime(2000, 1, 1, tzinfo=UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "probe")])
    builder = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
               .serial_number(1).not_valid_before(now).not_valid_after(now + timedelta(days=1))
               .add_extension(x509.UnrecognizedExtension(oid, value), critical=critical))
    try:
        for extension in builder.sign(key, hashes.SHA256()).extensions:
            _touch(extension.value)
    except PARSE_ERRORS:
        return False
    return True


# --- A read-only walk over DER headers ----------------------------------------------------------------------

def _header(data: bytes, offset: int, end: int) -> tuple[int, int, int]:
    """(tag, first content byte, end of content) of the TLV at `offset`; ValueError when it overruns `end`."""
    tag, length, position = data[offset], data[offset + 1], offset + 2
    if length & 0x80:
        octets = length & 0x7F
        if not 0 < octets <= 4:
            raise ValueError("unsupported DER length")
        length, position = int.from_bytes(data[position:position + octets], "big"), position + octets
    if position + length > end:
        raise ValueError("DER length past the end")
    return tag, position, position + length


def _children(data: bytes, start: int, end: int):
    while start < end:
        tag, content, start = _header(data, start, end)
        yield tag, content, start


def _raw_extensions(tbs: bytes) -> list[tuple[x509.ObjectIdentifier, bool, bytes]]:
    """(OID, critical, extnValue) of each extension of a DER TBSCertificate, in order."""
    _tag, start, end = _header(tbs, 0, len(tbs))
    found = []
    for tag, content, stop in _children(tbs, start, end):
        if tag != 0xA3:  # [3] EXPLICIT Extensions
            continue
        _seq, first, last = _header(tbs, content, stop)
        for _ext, ext_start, ext_end in _children(tbs, first, last):
            fields = list(_children(tbs, ext_start, ext_end))
            oid = x509.ObjectIdentifier(_dotted(tbs[fields[0][1]:fields[0][2]]))
            critical = len(fields) == 3 and tbs[fields[1][1]:fields[1][2]] != b"\x00"
            found.append((oid, critical, tbs[fields[-1][1]:fields[-1][2]]))
    return found


def _dotted(content: bytes) -> str:
    arcs, value = [], 0
    for byte in content:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            arcs.append(value)
            value = 0
    if not arcs:
        raise ValueError("empty OID")
    first = min(arcs[0] // 40, 2)
    return ".".join(str(arc) for arc in (first, arcs[0] - 40 * first, *arcs[1:]))
