"""OIDC public keys (JWK) go through the portal's one JSON parser: a valid key with a hostile member is refused."""

import json

import pytest

from apikeys.jwk import parse_public_jwk
from pms.errors import Refused

from .test_oidc import jwk_of


@pytest.fixture(scope="module")
def key():
    return jwk_of()


@pytest.mark.parametrize(("text", "reason"), [
    ('"kid": "\\u0000"', "The JSON contains the NUL character (\\u0000), which cannot be stored."),
    ('"kid": "\\ud800"', "The JSON contains an unpaired surrogate (such as \\ud800): it is not valid Unicode text."),
    ('"kid": "\\u202eevil"', "The JSON contains invisible characters that change the direction of a text (such as "
                             "\\u202e)."),
    ('"x": 1e400', "The JSON contains NaN, Infinity or a number out of range; JSON numbers must be finite."),
    ('"x": ' + "[" * 70 + "]" * 70, "The JSON is nested too deeply: at most 64 levels."),
    ('"kty": "RSA"', 'The JSON repeats the key "kty" in one object.'),
])
def test_a_valid_key_with_a_hostile_member_is_refused_with_the_reason(key, text, reason):
    with pytest.raises(Refused) as refused:
        parse_public_jwk(json.dumps(key)[:-1] + ", " + text + "}")

    assert refused.value.code == "jwk_not_json" and refused.value.field == "public_key"
    assert str(refused.value.message) == f"The public key must be a JSON Web Key (JSON object): {reason}"


@pytest.mark.parametrize("kid", [["a"], "k" * 257])
def test_kid_must_be_a_short_text(key, kid):
    with pytest.raises(Refused) as refused:
        parse_public_jwk(json.dumps({**key, "kid": kid}))

    assert refused.value.code == "jwk_malformed"
