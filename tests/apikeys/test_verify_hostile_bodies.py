"""The verify API reads its body with the portal's one JSON parser: every hostile body is a 400 that says why."""

import pytest

pytestmark = pytest.mark.django_db
URL = "/api/v1/apikeys/verify"

BODIES = [
    ("json_invalid_utf8", b'{"apiKey": "\xff"}'),
    ("json_surrogate", b'{"apiKey": "\\ud800"}'),
    ("json_surrogate", b'{"apiKey": "pms_x", "partnerId": "\\udfff"}'),
    ("json_nul", b'{"apiKey": "pms_\\u0000"}'),
    ("json_too_deep", b'{"apiKey": "x", "p": ' + b"[" * 100 + b"]" * 100 + b"}"),
    ("json_too_deep", b"[" * 3_000),
    ("json_too_large", b"[" * 100_000),
    ("json_number_too_long", b'{"apiKey": 1' + b"0" * 100 + b"}"),
    ("json_not_finite", b'{"apiKey": "x", "partnerId": NaN}'),
    ("json_not_finite", b'{"apiKey": "x", "n": 1e400}'),
    ("json_duplicate_key", b'{"apiKey": "a", "apiKey": "b"}'),
    ("json_too_large", b'{"apiKey": "' + b"A" * 5_000 + b'"}'),
    ("json_syntax", b"not json"),
    ("invalid_api_key_field", b'{"apiKey": ["x"]}'),
    ("invalid_partner_id_field", b'{"apiKey": "x", "partnerId": {"a": 1}}'),
]


@pytest.mark.parametrize(("reason", "body"), BODIES)
def test_each_hostile_body_is_a_bad_request_with_its_reason(client, reason, body):
    response = client.post(URL, body, content_type="application/json")

    assert response.status_code == 400
    answer = response.json()
    assert (answer["valid"], answer["error"], answer["reason"]) == (False, "invalid_request", reason)
    assert answer["message"]


def test_the_reason_is_told_in_the_callers_language(client):
    response = client.post(URL, b'{"apiKey": "\\ud800"}', content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE="fr")

    assert response.json()["message"] == ("Le JSON contient un substitut isolé (comme \\ud800) : ce n'est pas "
                                          "du texte Unicode valide.")


def test_a_body_declared_larger_than_the_limit_is_refused_before_it_is_read(client):
    response = client.post(URL, b"{}", content_type="application/json", CONTENT_LENGTH="100000000")

    assert response.status_code == 400 and response.json()["reason"] == "json_too_large"
