"""An approved partner–policy link, made through the real services of every app below apikeys."""

import itertools

from policies.models import PolicyLink
from policies.services import catalog, linking
from tests.certificates.factories import give_valid_partner_certificate
from tests.factories import make_partner_admin

AUTH_DOCUMENT = {
    "authTokenType": "random",
    "allowedAuthTypes": [{"authType": "otp", "authSubType": "", "mandatory": True},
                         {"authType": "bio", "authSubType": "FINGER", "mandatory": False}],
    "allowedKycAttributes": [{"attributeName": "fullName", "required": True}],
    "kycLanguages": ["eng", "ara"],
}
_numbers = itertools.count()


def approved_link(partner, *, admin=None, policy_name: str | None = None) -> PolicyLink:
    admin = admin or make_partner_admin(username=f"approver{next(_numbers)}")
    group = catalog.create_policy_group(name=f"Group {next(_numbers)}", actor=admin)
    policy = catalog.create_policy(group=group, name=policy_name or f"Auth policy {next(_numbers)}",
                                   policy_type="auth", document=AUTH_DOCUMENT, actor=admin)
    catalog.publish_policy(policy=policy, actor=admin)
    linking.select_policy_group(partner=partner, group=group, actor=admin)
    give_valid_partner_certificate(partner)
    link = linking.request_policy(partner=partner, policy=policy, purpose="Authenticate our customers", actor=admin)
    return linking.approve_link(link=link, actor=admin)


def approved_link_on(partner, policy, *, admin, hierarchy=None) -> PolicyLink:
    """`partner` approved for an existing published `policy` (in its group), through the real services."""
    linking.select_policy_group(partner=partner, group=policy.group, actor=admin)
    give_valid_partner_certificate(partner, hierarchy=hierarchy)
    link = linking.request_policy(partner=partner, policy=policy, purpose="Authenticate our customers", actor=admin)
    return linking.approve_link(link=link, actor=admin)


def make_key(link, label: str = "production"):
    """An API key of the link's partner; returns (key, plaintext)."""
    from apikeys.services import generate_api_key

    return generate_api_key(partner=link.partner, link=link, label=label, actor=None)


def make_client(link, name: str = "Relying party"):
    """An OIDC client of the link's partner (the row only: a real JWK costs an RSA key per client)."""
    from apikeys.models import OidcClient

    number = next(_numbers)
    return OidcClient.objects.create(
        partner=link.partner, link=link, name=name, client_id=f"client-{number:06d}", public_key={"kty": "RSA"},
        key_size=2048, redirect_uris=["https://rp.example.org/cb"], logo_uri="https://rp.example.org/logo.png",
        grant_types=["authorization_code"], auth_methods=["private_key_jwt"])


def secret_of(plaintext: str) -> str:
    """The secret part of a key (`pms_<public id>_<secret>`); the secret itself may contain underscores."""
    return plaintext.split("_", 2)[2]
