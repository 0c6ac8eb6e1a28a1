"""Rows of the policies app for tests; `mosip_documents` holds real-world policy documents."""

import factory

from policies.models import PartnerPolicyGroup, Policy, PolicyGroup, PolicyLink, PolicyType

from . import mosip_documents


class PolicyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyGroup

    name = factory.Sequence(lambda n: f"Group {n}")
    description = "A sector"


class PolicyFactory(factory.django.DjangoModelFactory):
    """A published authentication policy unless told otherwise."""

    class Meta:
        model = Policy

    group = factory.SubFactory(PolicyGroupFactory)
    name = factory.Sequence(lambda n: f"Policy {n}")
    policy_type = PolicyType.AUTH
    document = factory.LazyAttribute(
        lambda p: mosip_documents.ESIGNET_AUTH if p.policy_type == PolicyType.AUTH
        else mosip_documents.QR_CODE)
    status = Policy.Status.PUBLISHED


class PolicyLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyLink

    partner = factory.SubFactory("tests.factories.PartnerFactory")
    policy = factory.SubFactory(PolicyFactory)
    purpose = "Account opening"
    status = PolicyLink.Status.IN_PROGRESS
    comment = factory.LazyAttribute(
        lambda link: "Not now" if link.status == PolicyLink.Status.REJECTED else "")


def choose_group(partner, group) -> PartnerPolicyGroup:
    choice, _created = PartnerPolicyGroup.objects.update_or_create(partner=partner, defaults={"group": group})
    return choice


def ready_to_request(partner, *, policy_type: str = PolicyType.AUTH) -> Policy:
    """A partner with a group (holding one published policy) and a valid partner certificate: the policy."""
    from tests.certificates.factories import give_valid_partner_certificate

    policy = PolicyFactory(policy_type=policy_type)
    choose_group(partner, policy.group)
    give_valid_partner_certificate(partner)
    return policy
