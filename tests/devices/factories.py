"""Rows of the devices app for tests: fast factories for lists, and the real services for flows."""

import itertools
from datetime import timedelta

import factory

from devices import services
from devices.models import Device, FtmChip, Sbi, portal_today
from tests.certificates import factories as pki
from tests.factories import PartnerFactory, make_partner_user, partner_type

_numbers = itertools.count(1)


def make_device_provider(username: str, organization: str, *, certified: bool = True):
    user = make_partner_user(username=username, type_code="device-provider",
                             partner__organization_name=organization)
    if certified:
        pki.give_valid_partner_certificate(user.partner)
    return user


def make_ftm_provider(username: str, organization: str, *, hierarchy: pki.Hierarchy | None = None,
                      certified: bool = True):
    user = make_partner_user(username=username, type_code="ftm-provider", partner__organization_name=organization)
    if certified:
        pki.give_valid_partner_certificate(user.partner, hierarchy=hierarchy)
    return user


def chip_certificate(hierarchy: pki.Hierarchy, organization: str, **kwargs) -> pki.Issued:
    """A certificate of an FTM chip of `organization`, issued under the FTM trust store's intermediate."""
    return pki.make_partner_certificate(hierarchy.intermediate, organization=organization, **kwargs)


def register_sbi(user, *, version: str | None = None, days: int = 365, **kwargs) -> Sbi:
    today = portal_today()
    return services.register_sbi(
        provider=user.partner, version=version or f"1.0.{next(_numbers)}", binary_hash="ab12cd34" * 8,
        creation_date=kwargs.pop("creation_date", today - timedelta(days=10)),
        expiry_date=kwargs.pop("expiry_date", today + timedelta(days=days)), actor=user, **kwargs)


def approved_sbi(user, admin, **kwargs) -> Sbi:
    return services.approve_sbi(sbi=register_sbi(user, **kwargs), actor=admin)


def row(device_type="Finger", subtype="Slap", make="BioScan", model=None) -> services.DeviceRow:
    return services.DeviceRow(device_type, subtype, make, f"M-{next(_numbers)}" if model is None else model)


def add_device(user, sbi, **kwargs) -> Device:
    return services.add_devices(sbi=sbi, rows=[row(**kwargs)], actor=user)[0]


def chip_pending_approval(user, hierarchy, *, make="SecureChip", model=None) -> FtmChip:
    chip = services.create_chip(provider=user.partner, make=make, model=model or f"SC-{next(_numbers)}",
                                actor=user)
    certificate = chip_certificate(hierarchy, user.partner.organization_name)
    services.upload_chip_certificate(chip=chip, data=certificate.pem, filename="chip.pem", actor=user)
    chip.refresh_from_db()
    return chip


# --- Plain rows, for list pages and query counts ------------------------------------------------------------

class DeviceProviderFactory(PartnerFactory):
    partner_id = factory.Sequence(lambda n: f"DP-T{n:05d}")
    partner_type = factory.LazyFunction(lambda: partner_type("device-provider"))


class FtmProviderFactory(PartnerFactory):
    partner_id = factory.Sequence(lambda n: f"FP-T{n:05d}")
    partner_type = factory.LazyFunction(lambda: partner_type("ftm-provider"))


class SbiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sbi

    provider = factory.SubFactory(DeviceProviderFactory)
    version = factory.Sequence(lambda n: f"2.0.{n}")
    binary_hash = "00ff" * 16
    creation_date = factory.LazyFunction(lambda: portal_today() - timedelta(days=30))
    expiry_date = factory.LazyFunction(lambda: portal_today() + timedelta(days=365))
    status = Sbi.Status.APPROVED


class DeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Device

    sbi = factory.SubFactory(SbiFactory)
    provider = factory.SelfAttribute("sbi.provider")
    device_type = "Finger"
    device_subtype = "Slap"
    make = "Make"
    model = factory.Sequence(lambda n: f"Model {n}")
    status = Device.Status.PENDING


class FtmChipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FtmChip

    provider = factory.SubFactory(FtmProviderFactory)
    make = "Chip"
    model = factory.Sequence(lambda n: f"C-{n}")
    status = FtmChip.Status.PENDING_APPROVAL
