"""Factories for the core actors; each app's tests add their own in tests/<app>/factories.py."""

import factory
from django.contrib.auth.models import Group

from partners.models import Partner, PartnerType, User
from pms.roles import PARTNER_ADMIN, POLICY_MANAGER, sync_roles

PASSWORD = "correct-horse-battery-staple"


def partner_type(code: str = "auth-partner") -> PartnerType:
    return PartnerType.objects.get(code=code)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    partner_id = factory.Sequence(lambda n: f"AP-T{n:05d}")
    organization_name = factory.Sequence(lambda n: f"Organization {n}")
    partner_type = factory.LazyFunction(partner_type)
    address = "1 Test Street"
    phone_number = "+33123456789"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Test"
    last_name = "User"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PartnerUserFactory(UserFactory):
    partner = factory.SubFactory(PartnerFactory)


def make_partner_user(*, type_code: str = "auth-partner", **kwargs) -> User:
    return PartnerUserFactory(partner__partner_type=partner_type(type_code), **kwargs)


def make_staff(role: str, **kwargs) -> User:
    sync_roles()
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


def make_partner_admin(**kwargs) -> User:
    return make_staff(PARTNER_ADMIN, **kwargs)


def make_policy_manager(**kwargs) -> User:
    return make_staff(POLICY_MANAGER, **kwargs)
