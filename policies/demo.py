"""Demo data: a policy group with a published authentication policy and a published datashare policy."""

from partners.models import Partner

from . import services
from .models import PolicyGroup, PolicyType

GROUP_NAME = "Demo policy group"
AUTH_POLICY = {
    "authTokenType": "partner",
    "allowedAuthTypes": [
        {"authType": "otp", "authSubType": "", "mandatory": False},
        {"authType": "demo", "authSubType": "", "mandatory": False},
        {"authType": "bio", "authSubType": "FINGER", "mandatory": False},
        {"authType": "bio", "authSubType": "FACE", "mandatory": False},
        {"authType": "kyc", "authSubType": "", "mandatory": False},
    ],
    "allowedKycAttributes": [{"attributeName": "fullName", "required": True},
                             {"attributeName": "dateOfBirth", "required": True},
                             {"attributeName": "gender"}, {"attributeName": "phone"},
                             {"attributeName": "email"}],
    "kycLanguages": ["eng", "fra", "ara"],
}
DATASHARE_POLICY = {
    "dataSharePolicies": {"typeOfShare": "Data Share", "validForInMinutes": "30", "transactionsAllowed": "2",
                          "encryptionType": "Partner Based", "shareDomain": "datashare-service",
                          "source": "ID Repository"},
    "shareableAttributes": [
        {"attributeName": "fullName", "source": [{"attribute": "fullName", "filter": [{"language": "eng"}]}],
         "encrypted": False},
        {"attributeName": "dateOfBirth", "source": [{"attribute": "dateOfBirth"}], "encrypted": False,
         "format": "YYYY"},
        {"attributeName": "biometrics", "group": "CBEFF",
         "source": [{"attribute": "individualBiometrics", "filter": [{"type": "Face"}]}], "encrypted": True,
         "format": "extraction"},
    ],
}
POLICIES = [
    ("Demo authentication policy", PolicyType.AUTH, AUTH_POLICY),
    ("Demo datashare policy", PolicyType.DATASHARE, DATASHARE_POLICY),
]
DEMO_PARTNER_USERS = ["authpartner", "credpartner"]


def load_demo_policies(*, stdout, reset_passwords: bool = False) -> list:
    """Create what is missing (idempotent) and let the demo partners that have no group use this one."""
    group = PolicyGroup.objects.filter(name__iexact=GROUP_NAME).first() or services.create_policy_group(
        name=GROUP_NAME, description="Policies to try the portal with.", actor=None)
    for name, policy_type, document in POLICIES:
        policy = group.policies.filter(name__iexact=name).first() or services.create_policy(
            group=group, name=name, policy_type=policy_type, document=document, actor=None)
        if policy.is_draft:
            services.publish_policy(policy=policy, actor=None)
    partners = Partner.objects.filter(users__username__in=DEMO_PARTNER_USERS,
                                      policy_group_choice__isnull=True)
    for partner in partners.distinct():
        services.select_policy_group(partner=partner, group=group, actor=None)
    return []
