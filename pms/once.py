"""Secrets shown once, after a redirect: POST → hold(…) → redirect → GET take(…) shows it, a reload cannot.

The POST that creates a secret (an API key) does not answer with it: reloading that answer would submit the
form again. It keeps the secret in the session, encrypted, and redirects to a page that takes it out and shows
it (with `Cache-Control: no-store`); a reload of that page finds nothing and says the secret was already shown.
The session row only ever holds ciphertext under a key derived from PMS_KEY_ENCRYPTION_KEY, and a secret not
taken within a few minutes can no longer be read.
"""

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

SESSION_PREFIX = "pms.once."
MAX_AGE_SECONDS = 600


def hold(request, *, kind: str, reference: str, secret: str) -> None:
    """Keep `secret` for the next page that asks for this kind and reference."""
    token = _fernet(settings.PMS_KEY_ENCRYPTION_KEY).encrypt(secret.encode())
    request.session[f"{SESSION_PREFIX}{kind}.{reference}"] = token.decode()


def take(request, *, kind: str, reference: str) -> str | None:
    """The secret, once; None when it was already taken, never held, or held too long ago."""
    token = request.session.pop(f"{SESSION_PREFIX}{kind}.{reference}", None)
    if not token:
        return None
    try:
        return _fernet(settings.PMS_KEY_ENCRYPTION_KEY).decrypt(token.encode(), ttl=MAX_AGE_SECONDS).decode()
    except InvalidToken:
        return None


@lru_cache(maxsize=4)
def _fernet(master: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"pms one-time secret").derive(
        master.encode())
    return Fernet(base64.urlsafe_b64encode(derived))
