"""What the devices app adds to the shell: cards with pending counts, onboarding checklists, the admin's
partner section and the demo data."""

import io

import pytest
from django.urls import reverse

from devices import demo, services
from devices.models import Device, FtmChip, Sbi
from partners import demo as partners_demo
from pms.portal import onboarding_for
from tests.factories import make_partner_user
from tests.policies.factories import PolicyLinkFactory

from .factories import add_device, approved_sbi, chip_pending_approval, make_device_provider, register_sbi

pytestmark = pytest.mark.django_db


def cards(response) -> dict:
    return {feature.key: pending for feature, pending in response.context["cards"]}


def steps(partner) -> dict:
    return {step.key: state for step, state in onboarding_for(partner)}


def test_the_admin_dashboard_shows_every_pending_count(dave_client, dina, fatima, ftm_pki, dave):
    register_sbi(dina)
    add_device(dina, approved_sbi(dina, dave))
    chip_pending_approval(fatima, ftm_pki)
    PolicyLinkFactory()
    response = dave_client.get("/dashboard/")
    found = cards(response)
    assert (found["sbi_devices"], found["ftm_chips"], found["policy_links"]) == (2, 1, 1)
    html = response.content.decode()
    assert html.count("2 pending") == 1 and html.count("1 pending") == 2  # SBI–devices; FTM chips and linking
    assert reverse("devices:review_sbi_list") in html and reverse("devices:review_chip_list") in html


def test_providers_get_their_own_cards_only(dina_client, fatima_client, alice_client, carol_client):
    assert {"my_sbis"} <= set(cards(dina_client.get("/dashboard/"))) - {"my_ftm_chips", "sbi_devices"}
    assert "my_ftm_chips" in cards(fatima_client.get("/dashboard/"))
    assert "my_sbis" not in cards(fatima_client.get("/dashboard/"))
    assert not {"my_sbis", "my_ftm_chips", "sbi_devices", "ftm_chips"} & set(cards(alice_client.get("/dashboard/")))
    assert not {"sbi_devices", "ftm_chips"} & set(cards(carol_client.get("/dashboard/")))


def test_a_device_provider_without_certificate_is_told_to_upload_it(db):
    partner = make_device_provider("nocert", "No Cert", certified=False).partner
    state = steps(partner)
    assert list(state)[-4:] == ["sbi_registered", "sbi_approved", "devices_added", "device_approved"]
    assert state["sbi_registered"].blocked == "Upload a valid partner certificate first."
    assert state["sbi_approved"].blocked == "Register an SBI first."


def test_the_device_providers_checklist_follows_the_journey(dina, dave):
    partner = dina.partner
    assert steps(partner)["sbi_registered"].blocked == ""
    sbi = register_sbi(dina)
    assert steps(partner)["sbi_approved"].detail == "Waiting for a partner admin's decision."
    assert steps(partner)["devices_added"].blocked == "Devices are added under an approved SBI."
    services.approve_sbi(sbi=sbi, actor=dave)
    device = add_device(dina, sbi)
    state = steps(partner)
    assert state["sbi_approved"].done and state["devices_added"].done and not state["device_approved"].done
    services.approve_device(device=device, actor=dave)
    assert all(state.done for state in steps(partner).values() if state)  # every step done


def test_the_ftm_providers_checklist_follows_the_journey(fatima, ftm_pki, dave):
    partner = fatima.partner
    assert steps(partner)["chip_certificate"].blocked == "Add an FTM chip first."
    chip = services.create_chip(provider=partner, make="A", model="B", actor=fatima)
    assert steps(partner)["chip_certificate"].detail == "Open your chip and upload its certificate."
    chip = chip_pending_approval(fatima, ftm_pki)
    assert steps(partner)["chip_certificate"].done
    services.approve_chip(chip=chip, actor=dave)
    assert steps(partner)["chip_approved"].done


def test_the_dashboard_of_a_device_provider_shows_its_checklist(dina_client):
    html = dina_client.get("/dashboard/").content.decode()
    assert "Getting started" in html and "Register your SBI" in html and "Get your devices approved" in html


def test_authentication_partners_get_no_device_steps(alice):
    assert not {"sbi_registered", "chip_added"} & set(steps(alice.partner))


def test_the_admins_partner_page_shows_sbis_devices_and_their_statuses(dave_client, dina, dave):
    sbi = approved_sbi(dina, dave, version="8.8")
    add_device(dina, sbi, make="BioScan", model="ZZ-1")
    html = dave_client.get(reverse("partner_admin:detail", args=[dina.partner.code])).content.decode()
    assert "SBIs and devices" in html and "SBI 8.8" in html and "ZZ-1" in html and "Pending approval" in html
    assert reverse("devices:review_sbi", args=[sbi.code]) in html


def test_the_admins_partner_page_shows_chips_with_certificate_downloads(dave_client, fatima, ftm_pki):
    chip = chip_pending_approval(fatima, ftm_pki, model="SC-55")
    certificate = chip.certificates.get()
    html = dave_client.get(reverse("partner_admin:detail", args=[fatima.partner.code])).content.decode()
    assert "FTM chips" in html and "SC-55" in html
    assert reverse("devices:chip_certificate_download", args=[certificate.code]) in html
    assert reverse("devices:chip_platform_signed_download", args=[certificate.code]) in html
    assert dave_client.get(reverse("devices:chip_platform_signed_download", args=[certificate.code])).status_code == 200


def test_other_partners_pages_show_no_device_section(dave_client):
    alice = make_partner_user(username="someone")
    html = dave_client.get(reverse("partner_admin:detail", args=[alice.partner.code])).content.decode()
    assert "partner-devices-section" not in html and "partner-chips-section" not in html


def test_the_demo_data_fills_both_queues_once(db):
    from certificates import demo as certificates_demo

    out = io.StringIO()
    partners_demo.load_demo_partners(stdout=out)
    certificates_demo.load_demo_certificates(stdout=out)
    demo.load_demo_devices(stdout=out)
    sbi = Sbi.objects.get()
    assert sbi.status == "approved" and sbi.provider.organization_name == "BioScan Devices"
    assert sorted(Device.objects.values_list("status", flat=True)) == ["approved", "pending"]
    chip = FtmChip.objects.get()
    assert chip.status == "pending_approval" and chip.certificates.get().is_current
    demo.load_demo_devices(stdout=out)  # a second run adds nothing
    assert (Sbi.objects.count(), Device.objects.count(), FtmChip.objects.count()) == (1, 2, 1)


def test_the_demo_chip_certificate_is_issued_under_a_fresh_hierarchy_when_needed(db):
    """A later run of the loader (keys of the first hierarchy are gone) still issues a valid chip certificate."""
    from certificates import demo as certificates_demo

    out = io.StringIO()
    partners_demo.load_demo_partners(stdout=out)
    certificates_demo.load_demo_certificates(stdout=out)
    certificates_demo._issuers.clear()  # as in a new process
    demo.load_demo_devices(stdout=out)
    assert FtmChip.objects.get().status == "pending_approval"
