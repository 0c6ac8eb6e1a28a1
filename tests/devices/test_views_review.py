"""The partner admin's queues (§7, §8): SBI–devices and FTM chips, pending first, filters, decisions with a
reason the provider reads, orphans only rejected, deactivation; partners and policy managers get 403."""

import pytest
from django.urls import reverse

from devices import services
from devices.models import Device, FtmChip, Sbi

from .factories import (
    DeviceFactory,
    FtmChipFactory,
    SbiFactory,
    add_device,
    approved_sbi,
    chip_pending_approval,
    register_sbi,
)

pytestmark = pytest.mark.django_db
SBIS = reverse("devices:review_sbi_list")
DEVICES = reverse("devices:review_device_list")
CHIPS = reverse("devices:review_chip_list")


def sbi_pages(sbi) -> list[str]:
    return [reverse(f"devices:review_sbi{suffix}", args=[sbi.code]) for suffix in ("", "_approve", "_reject",
                                                                                   "_deactivate")]


def device_pages(device) -> list[str]:
    return [reverse(f"devices:review_device{suffix}", args=[device.code])
            for suffix in ("", "_approve", "_reject", "_deactivate")]


def chip_pages(chip) -> list[str]:
    return [reverse(f"devices:review_chip{suffix}", args=[chip.code])
            for suffix in ("", "_approve", "_reject", "_deactivate")]


@pytest.fixture
def rows(dina, fatima, ftm_pki, dave):
    sbi = register_sbi(dina, version="5.0")
    approved = approved_sbi(dina, dave, version="5.1")
    return {"sbi": sbi, "device": add_device(dina, approved), "chip": chip_pending_approval(fatima, ftm_pki)}


def test_the_admin_opens_every_queue_page(dave_client, rows):
    urls = [SBIS, DEVICES, CHIPS] + sbi_pages(rows["sbi"]) + device_pages(rows["device"]) + chip_pages(rows["chip"])
    for url in urls:
        assert dave_client.get(url).status_code == 200, url


@pytest.mark.parametrize("actor", ["alice_client", "carol_client", "dina_client", "fatima_client"])
def test_partners_and_policy_managers_get_403_and_change_nothing(request, rows, actor):
    client = request.getfixturevalue(actor)
    urls = [SBIS, DEVICES, CHIPS] + sbi_pages(rows["sbi"]) + device_pages(rows["device"]) + chip_pages(rows["chip"])
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"reason": "x", "note": "x"}).status_code == 403, url
    assert Sbi.objects.get(pk=rows["sbi"].pk).status == "pending"
    assert FtmChip.objects.get().status == "pending_approval"


def test_unknown_codes_are_404(dave_client):
    code = "00000000-0000-0000-0000-000000000000"
    for name in ("review_sbi", "review_device", "review_chip", "review_sbi_approve", "review_chip_reject"):
        assert dave_client.get(reverse(f"devices:{name}", args=[code])).status_code == 404


def test_the_sbi_queue_lists_pending_first_with_approve_and_reject(dave_client, rows):
    response = dave_client.get(SBIS)
    assert [s.version for s in response.context["page"].object_list] == ["5.0", "5.1"]
    html = response.content.decode()
    assert reverse("devices:review_sbi_approve", args=[rows["sbi"].code]) in html
    assert "1 pending" in html  # the tab counts


def test_the_admin_approves_an_sbi(dave_client, rows):
    url = reverse("devices:review_sbi_approve", args=[rows["sbi"].code])
    assert "Approve SBI 5.0 of Dina Devices?" in dave_client.get(url).content.decode()
    response = dave_client.post(url, {"note": "Looks good"}, follow=True)
    assert "SBI approved." in response.content.decode()
    assert Sbi.objects.get(pk=rows["sbi"].pk).status == "approved"


def test_a_rejection_needs_a_reason_that_the_provider_then_reads(dave_client, dina_client, rows):
    url = reverse("devices:review_sbi_reject", args=[rows["sbi"].code])
    assert "Give the reason for the rejection" in dave_client.post(url, {"reason": ""}).content.decode()
    assert Sbi.objects.get(pk=rows["sbi"].pk).status == "pending"
    dave_client.post(url, {"reason": "Binary hash unknown to us"})
    html = dina_client.get(rows["sbi"].get_absolute_url()).content.decode()
    assert "Rejected" in html and "Binary hash unknown to us" in html


def test_the_admin_approves_one_device_and_rejects_another(dave_client, dina_client, dina, rows):
    other = add_device(dina, rows["device"].sbi, make="Iris Co", model="I-9")
    dave_client.post(reverse("devices:review_device_approve", args=[rows["device"].code]), {"note": ""})
    dave_client.post(reverse("devices:review_device_reject", args=[other.code]), {"reason": "Not certified"})
    assert dict(Device.objects.values_list("model", "status"))["I-9"] == "rejected"
    assert Device.objects.get(pk=rows["device"].pk).status == "approved"
    html = dina_client.get(rows["device"].sbi.get_absolute_url()).content.decode()
    assert "Not certified" in html


def test_an_orphan_device_offers_only_rejection(dave_client, rows):
    device = rows["device"]
    Sbi.objects.filter(pk=device.sbi_id).delete()
    html = dave_client.get(reverse("devices:review_device", args=[device.code])).content.decode()
    assert "can only be rejected" in html
    assert reverse("devices:review_device_approve", args=[device.code]) not in html
    response = dave_client.post(reverse("devices:review_device_approve", args=[device.code]), follow=True)
    assert "can only be rejected" in response.content.decode()
    assert Device.objects.get(pk=device.pk).status == "pending"
    assert [d.pk for d in dave_client.get(DEVICES + "?status=orphan").context["page"].object_list] == [device.pk]


def test_the_admin_deactivates_an_sbi_with_the_cascade_shown(dave_client, dina, dave, rows):
    sbi = rows["device"].sbi
    services.approve_device(device=rows["device"], actor=dave)
    url = reverse("devices:review_sbi_deactivate", args=[sbi.code])
    assert "1 approved device will be deactivated." in dave_client.get(url).content.decode()
    response = dave_client.post(url, {"note": "Vulnerable build"}, follow=True)
    assert "1 approved device was deactivated." in response.content.decode()
    sbi.refresh_from_db()
    assert (sbi.status, sbi.deactivation_note) == ("deactivated", "Vulnerable build")


def test_the_admin_deactivates_an_approved_device(dave_client, dave, rows):
    services.approve_device(device=rows["device"], actor=dave)
    dave_client.post(reverse("devices:review_device_deactivate", args=[rows["device"].code]), {"note": "Recall"})
    device = Device.objects.get(pk=rows["device"].pk)
    assert (device.status, device.deactivation_reason) == ("deactivated", "by_admin")


def test_the_sbi_queue_filters_by_partner_status_search_and_dates(dave_client, rows, erik, dave):
    approved_sbi(erik, dave, version="7.7")

    def versions(query):
        return sorted(s.version for s in dave_client.get(SBIS + query).context["page"].object_list)

    assert versions("?partner=erik") == ["7.7"]
    assert versions(f"?partner={erik.partner.partner_id}") == ["7.7"]
    assert versions("?status=pending") == ["5.0"]
    assert versions("?search=5.") == ["5.0", "5.1"]
    assert versions("?date_from=2000-01-01&date_to=2000-01-02") == []
    assert versions("?sort=partner&status=approved") == ["5.1", "7.7"]
    assert dave_client.get(SBIS + "?date_from=garbage&sort=%00").status_code == 200


def test_the_device_queue_filters_by_type(dave_client, dina, rows):
    add_device(dina, rows["device"].sbi, device_type="Iris", subtype="Double", model="IRIS-1")
    found = dave_client.get(DEVICES + "?device_type=Iris").context["page"].object_list
    assert [d.model for d in found] == ["IRIS-1"]


def test_the_chip_queue_approves_and_rejects(dave_client, fatima_client, fatima, ftm_pki, rows):
    other = chip_pending_approval(fatima, ftm_pki, model="SC-9")
    response = dave_client.get(CHIPS)
    assert [c.pk for c in response.context["page"].object_list][:2] == [rows["chip"].pk, other.pk]
    dave_client.post(reverse("devices:review_chip_approve", args=[rows["chip"].code]), {"note": ""})
    dave_client.post(reverse("devices:review_chip_reject", args=[other.code]), {"reason": "Unknown foundry"})
    assert dict(FtmChip.objects.values_list("model", "status"))["SC-9"] == "rejected"
    assert "Unknown foundry" in fatima_client.get(other.get_absolute_url()).content.decode()


def test_a_chip_without_certificate_cannot_be_approved_from_the_queue(dave_client, fatima):
    chip = services.create_chip(provider=fatima.partner, make="A", model="B", actor=fatima)
    html = dave_client.get(reverse("devices:review_chip", args=[chip.code])).content.decode()
    assert "The provider has not uploaded the chip" in html
    assert reverse("devices:review_chip_approve", args=[chip.code]) not in html
    response = dave_client.post(reverse("devices:review_chip_approve", args=[chip.code]), follow=True)
    assert "has no certificate yet" in response.content.decode()
    chip.refresh_from_db()
    assert chip.status == "pending_certificate"


def test_the_admin_deactivates_a_chip(dave_client, rows):
    dave_client.post(reverse("devices:review_chip_deactivate", args=[rows["chip"].code]), {"note": "Leaked key"})
    chip = FtmChip.objects.get()
    assert (chip.status, chip.deactivation_note) == ("deactivated", "Leaked key")


def test_the_chip_queue_filters(dave_client, rows):
    assert list(dave_client.get(CHIPS + "?status=approved").context["page"].object_list) == []
    assert len(dave_client.get(CHIPS + "?partner=fatima&search=secure").context["page"].object_list) == 1


def test_empty_queues_say_what_comes_next(dave_client):
    assert "No device provider has registered an SBI yet." in dave_client.get(SBIS).content.decode()
    assert "No device has been submitted yet." in dave_client.get(DEVICES).content.decode()
    assert "No FTM chip provider has registered a chip yet." in dave_client.get(CHIPS).content.decode()
    assert "Clear the filters" in dave_client.get(SBIS + "?status=approved").content.decode()


def test_pending_rows_of_deactivated_partners_are_not_counted(dave_client):
    sbi = SbiFactory(status=Sbi.Status.PENDING)
    DeviceFactory(sbi=SbiFactory(provider=sbi.provider))
    FtmChipFactory()
    cards = {f.key: pending for f, pending in dave_client.get("/dashboard/").context["cards"]}
    assert (cards["sbi_devices"], cards["ftm_chips"]) == (2, 1)
    sbi.provider.status = "deactivated"
    sbi.provider.save()
    cards = {f.key: pending for f, pending in dave_client.get("/dashboard/").context["cards"]}
    assert cards["sbi_devices"] == 0
