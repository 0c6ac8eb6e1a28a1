import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from apikeys import services
from apikeys.jwk import client_id_for
from apikeys.models import OidcClient
from audit.models import AuditEvent
from pms.errors import Refused

from .factories import approved_link

pytestmark = pytest.mark.django_db


def b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def jwk_of(bits: int = 2048, **extra) -> dict:
    numbers = rsa.generate_private_key(public_exponent=65537, key_size=bits).public_key().public_numbers()
    return {"kty": "RSA", "n": b64(numbers.n), "e": b64(numbers.e), **extra}


@pytest.fixture(scope="module")
def key_2048():
    return jwk_of()


@pytest.fixture
def link(alice):
    return approved_link(alice.partner)


def form(link, jwk, **overrides):
    data = {"link": link.pk, "name": "Relying party", "public_key": json.dumps(jwk),
            "redirect_uris": "https://rp.example.org/callback\nhttp://localhost:3000/cb",
            "logo_uri": "https://rp.example.org/logo.png", "grant_types": ["authorization_code"],
            "auth_methods": ["private_key_jwt"]}
    data.update(overrides)
    return data


def error_of(response, field):
    return response.context["form"].errors[field][0]


def test_partner_creates_a_client_whose_id_derives_from_its_key(alice_client, link, key_2048):
    response = alice_client.post("/apikeys/oidc/new/", form(link, key_2048))
    client = OidcClient.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/apikeys/oidc/{client.code}/"
    assert client.client_id == client_id_for(key_2048) and client.key_size == 2048
    assert client.redirect_uris == ["https://rp.example.org/callback", "http://localhost:3000/cb"]
    assert AuditEvent.objects.filter(event="oidc_client_created", details__client_id=client.client_id).exists()


def test_client_id_is_the_rfc7638_thumbprint():
    # RFC 7638 §3.1 example key and thumbprint.
    jwk = {"kty": "RSA", "e": "AQAB", "n": (
        "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMs"
        "tn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajr"
        "n1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw")}
    assert client_id_for(jwk) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"


@pytest.mark.parametrize(("jwk_text", "message"), [
    ("not json", "The public key must be a JSON Web Key (JSON object): This is not valid JSON: a value is "
                 "expected (line 1, column 1)."),
    ("[1, 2]", "The public key must be a JSON Web Key (JSON object)."),
    ('{"kty": "EC", "crv": "P-256", "x": "a", "y": "b"}', 'The public key must be an RSA key ("kty": "RSA").'),
    ('{"kty": "RSA", "e": "AQAB"}', 'The JWK needs "n" and "e" in base64url encoding.'),
    ('{"kty": "RSA", "n": "!!!", "e": "AQAB"}', 'The JWK needs "n" and "e" in base64url encoding.'),
])
def test_invalid_jwk_is_refused_with_a_clear_message(alice_client, link, jwk_text, message):
    response = alice_client.post("/apikeys/oidc/new/", {**form(link, {}), "public_key": jwk_text})
    assert error_of(response, "public_key") == message
    assert not OidcClient.objects.exists()


def test_rsa_key_under_2048_bits_is_refused(alice_client, link):
    response = alice_client.post("/apikeys/oidc/new/", form(link, jwk_of(1024)))
    assert error_of(response, "public_key") == "The RSA key has 1024 bits; at least 2048 are required."


def test_private_key_is_refused(alice_client, link, key_2048):
    response = alice_client.post("/apikeys/oidc/new/", form(link, {**key_2048, "d": "AQAB"}))
    assert "contains a private key" in error_of(response, "public_key")


def test_encryption_key_is_refused(alice_client, link, key_2048):
    response = alice_client.post("/apikeys/oidc/new/", form(link, {**key_2048, "use": "enc"}))
    assert "meant for signatures" in error_of(response, "public_key")


def test_key_already_used_by_another_client_is_refused(alice_client, link, key_2048):
    alice_client.post("/apikeys/oidc/new/", form(link, key_2048))
    response = alice_client.post("/apikeys/oidc/new/", form(link, key_2048, name="Second"))
    assert "already used by another OIDC client" in error_of(response, "public_key")


@pytest.mark.parametrize("uri", ["http://rp.example.org/cb", "ftp://rp.example.org/cb", "https://rp.example.org/cb#x",
                                 "/relative/cb", "javascript:alert(1)", "https://user@rp.example.org/cb"])
def test_redirect_uri_must_be_https_or_localhost(alice_client, link, key_2048, uri):
    response = alice_client.post("/apikeys/oidc/new/", form(link, key_2048, redirect_uris=uri))
    assert "redirect URIs must be absolute https URLs" in error_of(response, "redirect_uris")


def test_at_least_one_redirect_uri_is_required(alice, link, key_2048):
    with pytest.raises(Refused, match="at least one redirect URI"):
        services.create_oidc_client(partner=alice.partner, link=link, name="RP", public_key=json.dumps(key_2048),
                                    redirect_uris=["  "], logo_uri="https://rp.example.org/l.png",
                                    grant_types=["authorization_code"], auth_methods=["private_key_jwt"], actor=alice)


def test_logo_uri_must_be_https(alice_client, link, key_2048):
    response = alice_client.post("/apikeys/oidc/new/", form(link, key_2048, logo_uri="http://rp.example.org/l.png"))
    assert error_of(response, "logo_uri") == "The logo URI must be an absolute https URL."


def test_unknown_grant_type_is_refused(alice_client, link, key_2048):
    response = alice_client.post("/apikeys/oidc/new/", form(link, key_2048, grant_types=["implicit"]))
    assert "grant_types" in response.context["form"].errors


def test_partner_edits_name_logo_and_redirect_uris(alice_client, alice, link, key_2048):
    alice_client.post("/apikeys/oidc/new/", form(link, key_2048))
    client = OidcClient.objects.get()
    response = alice_client.post(f"/apikeys/oidc/{client.code}/edit/", {
        "name": "Renamed", "logo_uri": "https://cdn.example.org/new.png",
        "redirect_uris": "https://rp.example.org/new"})
    assert response.status_code == 302
    client.refresh_from_db()
    assert (client.name, client.logo_uri, client.redirect_uris) == (
        "Renamed", "https://cdn.example.org/new.png", ["https://rp.example.org/new"])
    assert client.client_id == client_id_for(key_2048)


def test_partner_deactivates_a_client_after_confirming(alice_client, link, key_2048):
    alice_client.post("/apikeys/oidc/new/", form(link, key_2048))
    client = OidcClient.objects.get()
    assert "cannot be undone" in alice_client.get(f"/apikeys/oidc/{client.code}/deactivate/").content.decode()
    alice_client.post(f"/apikeys/oidc/{client.code}/deactivate/")
    client.refresh_from_db()
    assert client.status == "deactivated"
    response = alice_client.post(f"/apikeys/oidc/{client.code}/edit/", {
        "name": "x", "logo_uri": "https://a.example/l.png", "redirect_uris": "https://a.example/cb"})
    assert "A deactivated OIDC client cannot be edited." in response.content.decode()


def test_other_partner_gets_404_on_a_client(alice_client, bob_client, link, key_2048):
    alice_client.post("/apikeys/oidc/new/", form(link, key_2048))
    client = OidcClient.objects.get()
    for path in ["", "edit/", "deactivate/"]:
        assert bob_client.get(f"/apikeys/oidc/{client.code}/{path}").status_code == 404
    assert bob_client.post(f"/apikeys/oidc/{client.code}/deactivate/").status_code == 404


def test_client_list_runs_the_same_number_of_queries_for_1_and_50_clients(alice_client, alice, link):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert alice_client.get("/apikeys/oidc/").status_code == 200
        return len(ctx.captured_queries)

    def create(n):
        OidcClient.objects.create(partner=alice.partner, link=link, name=f"RP {n}", client_id=f"id-{n}",
                                  public_key={"kty": "RSA"}, key_size=2048, redirect_uris=["https://a.example/cb"],
                                  logo_uri="https://a.example/l.png", grant_types=["authorization_code"],
                                  auth_methods=["private_key_jwt"])

    create(0)
    one = count()
    for n in range(1, 50):
        create(n)
    assert count() == one
