"""Crafting certificates that `cryptography`'s builder refuses to make (negative serials, duplicated or
reordered extensions), by editing the DER of a real certificate and signing it again with the issuer's key."""

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa


def _header(data: bytes, offset: int = 0) -> tuple[int, int, int]:
    tag, length, position = data[offset], data[offset + 1], offset + 2
    if length & 0x80:
        octets = length & 0x7F
        length, position = int.from_bytes(data[position:position + octets], "big"), position + octets
    return tag, position, position + length


def children(value: bytes) -> list[bytes]:
    """The raw TLVs inside one constructed TLV."""
    _tag, start, end = _header(value)
    found = []
    while start < end:
        _child, _content, stop = _header(value, start)
        found.append(value[start:stop])
        start = stop
    return found


def tlv(tag: int, content: bytes) -> bytes:
    size = len(content)
    if size < 0x80:
        return bytes([tag, size]) + content
    octets = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(octets)]) + octets + content


def integer(value: int) -> bytes:
    size = (value if value >= 0 else ~value).bit_length() // 8 + 1
    return tlv(0x02, value.to_bytes(size, "big", signed=True))


def resign(der: bytes, key, edit) -> bytes:
    """`der` with its TBSCertificate passed through `edit(tbs) -> tbs`, signed again by `key` (SHA-256)."""
    tbs, algorithm, _signature = children(der)
    tbs = edit(tbs)
    if isinstance(key, rsa.RSAPrivateKey):
        signature = key.sign(tbs, padding.PKCS1v15(), hashes.SHA256())
    else:
        signature = key.sign(tbs, ec.ECDSA(hashes.SHA256()))
    return tlv(0x30, tbs + algorithm + tlv(0x03, b"\x00" + signature))


def with_serial(value: int):
    def edit(tbs: bytes) -> bytes:
        fields = children(tbs)
        fields[1] = integer(value)
        return tlv(0x30, b"".join(fields))
    return edit


def with_extensions(transform):
    """An edit that passes the list of raw Extension TLVs through `transform(list) -> list`."""
    def edit(tbs: bytes) -> bytes:
        fields = children(tbs)
        index = next(i for i, field in enumerate(fields) if field[0] == 0xA3)
        extensions = children(children(fields[index])[0])
        fields[index] = tlv(0xA3, tlv(0x30, b"".join(transform(extensions))))
        return tlv(0x30, b"".join(fields))
    return edit


def duplicate_first_extension(extensions: list[bytes]) -> list[bytes]:
    return [*extensions, extensions[0]]


def reverse_extensions(extensions: list[bytes]) -> list[bytes]:
    return extensions[::-1]


def with_version(value: int):
    """An edit that writes `value` into the [0] EXPLICIT version field (2 means v3)."""
    def edit(tbs: bytes) -> bytes:
        fields = children(tbs)
        fields[0] = tlv(0xA0, integer(value))
        return tlv(0x30, b"".join(fields))
    return edit
