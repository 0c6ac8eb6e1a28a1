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
