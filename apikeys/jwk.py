"""Public keys of OIDC clients as JWK (RFC 7517), and the client ID derived from them (§6.2)."""

import base64
import hashlib
import json
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicNumbers
from django.utils.translation import gettext as _

from pms import jsonsafe
from pms.errors import Refused

MIN_RSA_BITS = 2048
MAX_JWK_CHARS = 10_000
_PRIVATE_MEMBERS = {"d", "p", "q", "dp", "dq", "qi", "oth"}


@dataclass(frozen=True)
class PublicJwk:
    jwk: dict
    key_size: int
    client_id: str


def parse_public_jwk(text: str) -> PublicJwk:
    """A validated RSA public JWK; Refused with the reason for anything else."""
    try:
        jwk = jsonsafe.loads(text, max_size=MAX_JWK_CHARS, field="public_key")
    except jsonsafe.JsonRefused as refusal:
        raise Refused("jwk_not_json", _("The public key must be a JSON Web Key (JSON object): %(reason)s")
                      % {"reason": refusal.message}, field="public_key") from None
    if not isinstance(jwk, dict):
        raise Refused("jwk_not_json", _("The public key must be a JSON Web Key (JSON object)."), field="public_key")
    if _PRIVATE_MEMBERS & set(jwk):
        raise Refused("jwk_private", _("This JWK contains a private key. Paste only the public key (n and e)."),
                      field="public_key")
    if jwk.get("kty") != "RSA":
        raise Refused("jwk_not_rsa", _("The public key must be an RSA key (\"kty\": \"RSA\")."), field="public_key")
    n, e = _b64_int(jwk.get("n")), _b64_int(jwk.get("e"))
    if n is None or e is None:
        raise Refused("jwk_malformed", _("The JWK needs \"n\" and \"e\" in base64url encoding."), field="public_key")
    try:
        key = RSAPublicNumbers(e, n).public_key()
    except ValueError:
        raise Refused("jwk_malformed", _("The JWK's \"n\" and \"e\" do not form a valid RSA key."),
                      field="public_key") from None
    if key.key_size < MIN_RSA_BITS:
        raise Refused("jwk_weak", _("The RSA key has %(bits)s bits; at least 2048 are required.") % {
            "bits": key.key_size}, field="public_key")
    if any(not isinstance(jwk[name], str) or len(jwk[name]) > 256 for name in ("kid", "alg") if name in jwk):
        raise Refused("jwk_malformed", _("The JWK's \"kid\" and \"alg\" must be texts of at most 256 characters."),
                      field="public_key")
    if jwk.get("use", "sig") != "sig":
        raise Refused("jwk_use", _("The key must be meant for signatures (\"use\": \"sig\")."), field="public_key")
    public = {name: jwk[name] for name in ("kty", "n", "e", "kid", "alg", "use") if name in jwk}
    return PublicJwk(public, key.key_size, client_id_for(public))


def client_id_for(jwk: dict) -> str:
    """The RFC 7638 SHA-256 thumbprint of the key, base64url: the same key always gives the same ID."""
    canonical = json.dumps({"e": jwk["e"], "kty": "RSA", "n": jwk["n"]}, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()


def _b64_int(value) -> int | None:
    if not isinstance(value, str) or not value or len(value) > 2048:
        return None
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (ValueError, TypeError):
        return None
    return int.from_bytes(raw, "big") or None
