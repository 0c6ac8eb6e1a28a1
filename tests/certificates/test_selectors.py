from datetime import timedelta

import pytest
import time_machine

from certificates import selectors, services
from tests import factories
from tests.certificates.factories import give_valid_partner_certificate

pytestmark = pytest.mark.django_db


def test_a_partner_without_certificate_has_no_valid_certificate(alice):
    assert selectors.has_valid_partner_certificate(alice.partner) is False
    assert selectors.current_partner_certificate(alice.partner) is None


def test_the_factory_gives_a_partner_a_valid_certificate(alice):
    certificate = give_valid_partner_certificate(alice.partner)

    assert selectors.has_valid_partner_certificate(alice.partner) is True
    assert selectors.current_partner_certificate(alice.partner) == certificate


def test_the_factory_works_for_every_domain():
    for type_code in ("device-provider", "ftm-provider", "credential-partner"):
        partner = factories.make_partner_user(type_code=type_code).partner
        give_valid_partner_certificate(partner)
        assert selectors.has_valid_partner_certificate(partner)


def test_an_expired_current_certificate_is_not_valid(alice):
    certificate = give_valid_partner_certificate(alice.partner)

    with time_machine.travel(certificate.not_after + timedelta(seconds=1)):
        assert selectors.has_valid_partner_certificate(alice.partner) is False


def test_a_certificate_under_a_deactivated_ca_is_not_valid(alice, dave):
    certificate = give_valid_partner_certificate(alice.partner)

    services.deactivate_ca_certificate(ca=certificate.issuer_ca, actor=dave)

    assert selectors.has_valid_partner_certificate(alice.partner) is False
    assert selectors.current_partner_certificate(alice.partner) == certificate
