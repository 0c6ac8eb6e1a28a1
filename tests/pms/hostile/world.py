"""A populated portal to attack: every app's demo data (so new apps bring their own objects) plus the
objects of the existing apps that the demo leaves out (drafts, requests, credentials, a closed group).

`roles()` then picks one user per role: one per partner type and one per staff role, found in the data
rather than listed here, so that a new partner type or role is attacked as soon as it has a user.
"""

import base64
import io
import json

from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.management import call_command

from partners.models import PartnerType, User


def build() -> None:
    call_command("load_demo_data", stdout=io.StringIO())
    _policies_and_credentials()
    for partner_type in PartnerType.objects.filter(partners__isnull=True):
        from tests.factories import make_partner_user

        make_partner_user(type_code=partner_type.code, username=f"hostile-{partner_type.code}")


def _policies_and_credentials() -> None:
    from apikeys import services as credentials
    from policies.demo import AUTH_POLICY, DATASHARE_POLICY
    from policies.models import Policy, PolicyGroup
    from policies.services import catalog, linking

    staff, admin = User.objects.get(username="policymanager"), User.objects.get(username="admin")
    group = PolicyGroup.objects.get(name__iexact="Demo policy group")
    for policy_type, document in (("auth", AUTH_POLICY), ("datashare", DATASHARE_POLICY)):
        # Named to come first in lists, so that the crawl (a few links per pattern) opens the drafts' pages;
        # full documents, so that their free texts can be attacked inside the JSON.
        catalog.create_policy(group=group, name=f"A draft {policy_type} policy", policy_type=policy_type,
                              document=document, actor=staff)
    closed = catalog.create_policy_group(name="Closed group", description="Deactivated", actor=staff)
    catalog.deactivate_policy_group(group=closed, actor=staff)
    auth_user, cred_user = User.objects.get(username="authpartner"), User.objects.get(username="credpartner")
    auth_policy = Policy.objects.get(group=group, policy_type="auth", status="published")
    link = linking.request_policy(partner=auth_user.partner, policy=auth_policy, purpose="Hostile tests",
                                  actor=auth_user)
    linking.approve_link(link=link, actor=admin)
    credentials.generate_api_key(partner=auth_user.partner, link=link, label="Hostile key", actor=auth_user)
    credentials.create_oidc_client(
        partner=auth_user.partner, link=link, name="Hostile client", public_key=json.dumps(_jwk()),
        redirect_uris=["https://rp.example.org/cb"], logo_uri="https://rp.example.org/logo.png",
        grant_types=credentials.GRANT_TYPES, auth_methods=credentials.AUTH_METHODS, actor=auth_user)
    datashare = Policy.objects.get(group=group, policy_type="datashare", status="published")
    linking.request_policy(partner=cred_user.partner, policy=datashare, purpose="Hostile tests", actor=cred_user)


def _jwk() -> dict:
    numbers = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key().public_numbers()

    def b64(number: int) -> str:
        return base64.urlsafe_b64encode(number.to_bytes((number.bit_length() + 7) // 8, "big")).rstrip(b"=").decode()

    return {"kty": "RSA", "n": b64(numbers.n), "e": b64(numbers.e)}


def roles() -> dict[str, User | None]:
    """{"anonymous": None, "partner:auth-partner": user, …, "staff:partner_admin": user, …}."""
    found: dict[str, User | None] = {"anonymous": None}
    users = User.objects.filter(is_active=True, is_superuser=False).select_related("partner__partner_type")
    for user in users.prefetch_related("groups").order_by("date_joined", "id"):
        if user.partner_id:
            key = f"partner:{user.partner.partner_type.code}"
        else:
            key = "staff:" + "+".join(sorted(group.name for group in user.groups.all()) or ["none"])
        found.setdefault(key, user)
    return found
