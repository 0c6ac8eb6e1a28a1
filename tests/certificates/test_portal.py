"""What the certificates app adds to the shell: features, onboarding step, partner sections, demo data."""

import io

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from certificates import selectors, services
from certificates.demo import load_demo_certificates
from certificates.models import CACertificate, PartnerCertificate
from partners.demo import load_demo_partners
from partners.models import User
from pms.formats import format_date
from pms.portal import features_for, registry
from tests.certificates import factories as pki

pytestmark = pytest.mark.django_db


def _step(partner):
    step = next(step for step in registry.steps if step.key == "partner_certificate")
    assert (step.title, step.order, step.applies(partner)) == ("Upload your partner certificate", 30, True)
    return step.state(partner)


def _section(key: str, partner, user) -> str:
    """Only this app's section, so that other apps' work in progress cannot interfere."""
    section = next(section for section in registry.sections if section.key == key)
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(section.template, {"partner": partner, **section.context(partner, user)},
                            request=request)


def test_the_trust_store_feature_is_for_certificate_admins_only(dave, alice, carol):
    assert "trust_store" in [f.key for f in features_for(dave)]
    assert "trust_store" not in [f.key for f in features_for(alice)]
    assert "trust_store" not in [f.key for f in features_for(carol)]


def test_the_partner_certificate_feature_is_for_partners(alice, dave):
    assert "partner_certificate" in [f.key for f in features_for(alice)]
    assert "partner_certificate" not in [f.key for f in features_for(dave)]


def test_the_onboarding_step_is_blocked_until_the_domain_has_a_root(alice):
    state = _step(alice.partner)

    assert not state.done
    assert state.blocked == "The root certificate of your domain is not in the trust store yet."


def test_the_onboarding_step_is_open_once_the_root_is_trusted(alice, auth_pki):
    state = _step(alice.partner)

    assert (state.done, state.blocked) == (False, "")


def test_the_onboarding_step_is_done_with_a_valid_certificate(alice, auth_pki):
    pki.give_valid_partner_certificate(alice.partner, hierarchy=auth_pki)

    state = _step(alice.partner)

    assert state.done and state.detail.startswith("Valid until")


def test_the_dashboard_section_shows_the_certificate_status_and_expiry(alice, auth_pki):
    certificate = pki.give_valid_partner_certificate(alice.partner, hierarchy=auth_pki)

    html = _section("certificate_status", alice.partner, alice)

    assert f"Valid until {format_date(certificate.not_after)}" in html
    assert "Expires in " in html


def test_the_dashboard_section_says_when_no_certificate_was_uploaded(alice):
    assert "No certificate uploaded yet." in _section("certificate_status", alice.partner, alice)


def test_the_sections_are_registered_for_the_dashboard_and_the_admin_page():
    places = {section.key: section.places for section in registry.sections}

    assert (places["certificate_status"], places["certificates"]) == (("dashboard",), ("admin",))


def test_the_admin_section_lists_the_partners_certificates_with_links(dave, alice, auth_pki):
    certificate = pki.give_valid_partner_certificate(alice.partner, hierarchy=auth_pki)

    html = _section("certificates", alice.partner, dave)

    assert reverse("certificates:download_partner_certificate", args=[certificate.code]) in html
    assert reverse("certificates:download_platform_signed", args=[certificate.code]) in html
    assert "Upload for this partner" in html
    assert reverse("certificates:upload_partner_certificate", args=[alice.partner.code]) in html


def test_the_demo_loader_creates_a_pki_per_domain_and_certificates_for_demo_partners():
    load_demo_partners(stdout=io.StringIO())

    assert load_demo_certificates(stdout=io.StringIO()) == []

    for domain in ("AUTH", "DEVICE", "FTM"):
        assert selectors.has_active_root(domain)
        assert CACertificate.objects.filter(domain=domain, kind="intermediate").exists()
    for user in User.objects.filter(partner__isnull=False):
        assert selectors.has_valid_partner_certificate(user.partner)
        assert selectors.current_partner_certificate(user.partner).platform_signed


def test_the_demo_loader_is_idempotent():
    load_demo_partners(stdout=io.StringIO())
    load_demo_certificates(stdout=io.StringIO())
    counts = (CACertificate.objects.count(), PartnerCertificate.objects.count())

    load_demo_certificates(stdout=io.StringIO())

    assert (CACertificate.objects.count(), PartnerCertificate.objects.count()) == counts


def test_the_demo_loader_repairs_a_partner_whose_chain_was_deactivated(dave):
    load_demo_partners(stdout=io.StringIO())
    load_demo_certificates(stdout=io.StringIO())
    partner = User.objects.get(username="authpartner").partner
    services.deactivate_ca_certificate(ca=CACertificate.objects.get(domain="AUTH", kind="root"), actor=dave)

    load_demo_certificates(stdout=io.StringIO())

    assert selectors.has_valid_partner_certificate(partner)
