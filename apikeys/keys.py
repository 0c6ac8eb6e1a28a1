"""API key material: generation, parsing and the keyed hash that is all the database keeps (§6.1).

A key reads `pms_<public id>_<secret>`: the public id (10 characters) finds the row and is shown in
lists as the key's prefix; the secret is 32 random bytes, URL-safe base64. The stored hash is
HMAC-SHA-256 under a key derived from PMS_KEY_ENCRYPTION_KEY: right for high-entropy keys (no slow
password hash needed), and useless to whoever reads the table without the environment's key.
"""

import hashlib
import hmac
import secrets
import string
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

SCHEME = "pms"
PUBLIC_ID_LENGTH = 10
SECRET_BYTES = 32
_PUBLIC_ALPHABET = string.ascii_lowercase + string.digits
_SECRET_LENGTH = 43  # base64url of 32 bytes, without padding
KEY_LENGTH = len(SCHEME) + 1 + PUBLIC_ID_LENGTH + 1 + _SECRET_LENGTH


@dataclass(frozen=True)
class NewKey:
    public_id: str
    plaintext: str
    key_hash: str


def new_key() -> NewKey:
    public_id = "".join(secrets.choice(_PUBLIC_ALPHABET) for _ in range(PUBLIC_ID_LENGTH))
    plaintext = f"{SCHEME}_{public_id}_{secrets.token_urlsafe(SECRET_BYTES)}"
    return NewKey(public_id, plaintext, key_hash(plaintext))


def public_id_of(plaintext: str) -> str | None:
    """The public id of a well-formed key, None for anything else (without saying what is wrong)."""
    if len(plaintext) != KEY_LENGTH or not plaintext.startswith(SCHEME + "_"):
        return None
    public_id = plaintext[len(SCHEME) + 1:len(SCHEME) + 1 + PUBLIC_ID_LENGTH]
    if plaintext[len(SCHEME) + 1 + PUBLIC_ID_LENGTH] != "_" or not set(public_id) <= set(_PUBLIC_ALPHABET):
        return None
    return public_id


def key_hash(plaintext: str) -> str:
    return hmac.new(_hmac_key(settings.PMS_KEY_ENCRYPTION_KEY), plaintext.encode(), hashlib.sha256).hexdigest()


def hashes_match(stored: str, candidate: str) -> bool:
    return hmac.compare_digest(stored.encode(), candidate.encode())


@lru_cache(maxsize=4)
def _hmac_key(master: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"pms api key hmac").derive(master.encode())
