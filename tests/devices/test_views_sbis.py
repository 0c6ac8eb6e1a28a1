"""A device provider's pages (§7): its own SBIs and devices only (another provider → 404, another role → 403),
the SBI form with its date rules, the multi-row device form with and without JavaScript, deactivation."""

from datetime import timedelta

import pytest
from django.urls import reverse

from devices import services
from devices.models import Device, Sbi, portal_today
from tests.factories import make_partner_admin

from .factories import add_device, approved_sbi, make_device_provider, register_sbi

pytestmark = pytest.mark.django_db
LIST = reverse("devices:sbi_list")
NEW = reverse("devices:sbi_create")


@pytest.fixture
def dave(db):
    return make_partner_admin(username="dave")


@pytest.fixture
def sbi(dina, dave):
    return approved_sbi(dina, dave, version="3.1.4")


def sbi_data(**changes) -> dict:
    today = portal_today()
    return {"version": "2.0.0", "binary_hash": "deadbeef" * 8, "creation_date": (today - timedelta(days=3)).isoformat(),
            "expiry_date": (today + timedelta(days=400)).isoformat(), **changes}


def rows_data(rows: list[dict], total: int | None = None) -> dict:
    data = {"devices-TOTAL_FORMS": str(len(rows) if total is None else total), "devices-INITIAL_FORMS": "0",
            "devices-MIN_NUM_FORMS": "0", "devices-MAX_NUM_FORMS": "25"}
    for index, row in enumerate(rows):
        data.update({f"devices-{index}-{field}": value for field, value in row.items()})
    return data


def device(make="BioScan", model="FS-1", device_type="Finger", subtype="Slap") -> dict:
    return {"device_type": device_type, "device_subtype": subtype, "make": make, "model": model}


# --- Access: owner, another provider (404), another role (403) ---------------------------------------------

def provider_pages(sbi, device_obj) -> list[str]:
    return [reverse("devices:sbi_detail", args=[sbi.code]), reverse("devices:device_add", args=[sbi.code]),
            reverse("devices:sbi_deactivate", args=[sbi.code]),
            reverse("devices:device_deactivate", args=[device_obj.code])]


def test_the_provider_opens_every_page_of_its_sbi(dina_client, dina, sbi):
    for url in [LIST, NEW] + provider_pages(sbi, add_device(dina, sbi)):
        assert dina_client.get(url).status_code == 200, url


def test_another_provider_gets_404_and_changes_nothing(erik_client, dina, sbi):
    pages = provider_pages(sbi, add_device(dina, sbi))
    for url in pages:
        assert erik_client.get(url).status_code == 404, url
        assert erik_client.post(url).status_code == 404, url
    assert Sbi.objects.get().status == "approved" and Device.objects.get().status == "pending"


@pytest.mark.parametrize("actor", ["alice_client", "carol_client", "dave_client"])
def test_other_roles_get_403(request, dina, sbi, actor):
    client = request.getfixturevalue(actor)
    for url in [LIST, NEW] + provider_pages(sbi, add_device(dina, sbi)):
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url


def test_visitors_are_sent_to_login(client):
    assert client.get(LIST).status_code == 302


# --- SBIs -------------------------------------------------------------------------------------------------

def test_the_form_has_the_four_labelled_fields(dina_client):
    html = dina_client.get(NEW).content.decode()
    for label in ("SBI version", "Binary hash", "Creation date", "Expiry date"):
        assert f">{label}" in html
    assert 'type="date"' in html


def test_the_provider_registers_an_sbi_and_sees_it_pending(dina_client):
    response = dina_client.post(NEW, sbi_data())
    sbi = Sbi.objects.get()
    assert response.status_code == 302 and response.url == sbi.get_absolute_url()
    page = dina_client.get(response.url).content.decode()
    assert "is submitted for approval" in page and "Pending approval" in page


@pytest.mark.parametrize(("changes", "message"), [
    ({"creation_date": "2999-01-01"}, "The creation date cannot be in the future."),
    ({"expiry_date": "1999-01-01"}, "The expiry date must be after the creation date."),
    ({"expiry_date": "2999-01-01"}, "The expiry date can be at most 10 years from today"),
    ({"creation_date": "not a date"}, "Enter a valid date."),
    ({"version": ""}, "This field is required."),
])
def test_a_refused_sbi_shows_the_reason_at_its_field_and_keeps_the_input(dina_client, changes, message):
    response = dina_client.post(NEW, sbi_data(**changes))
    html = response.content.decode()
    assert response.status_code == 200 and message in html and 'is-invalid' in html
    assert 'value="deadbeef' in html and not Sbi.objects.exists()


def test_a_taken_version_is_refused_on_the_form(dina_client, sbi):
    html = dina_client.post(NEW, sbi_data(version="3.1.4")).content.decode()
    assert "You have already registered the SBI version 3.1.4." in html


def test_without_a_certificate_the_pages_say_what_to_do(db):
    user = make_device_provider("nocert", "No Cert Devices", certified=False)
    from django.test import Client

    client = Client()
    client.force_login(user)
    html = client.get(LIST).content.decode()
    assert "upload your partner certificate" in html.lower() and reverse("certificates:my_certificate") in html
    assert NEW not in html
    response = client.post(NEW, sbi_data())
    assert "Upload a valid partner certificate first" in response.content.decode() and not Sbi.objects.exists()


def test_the_list_shows_newest_first_with_device_counts(dina_client, dina, dave, sbi):
    services.approve_device(device=add_device(dina, sbi), actor=dave)
    add_device(dina, sbi)
    newer = register_sbi(dina, version="4.0")
    page = dina_client.get(LIST).context["page"]
    assert [s.version for s in page.object_list] == ["4.0", "3.1.4"]
    assert (page.object_list[1].approved_devices, page.object_list[1].pending_devices) == (1, 1)
    assert newer.version in dina_client.get(LIST + "?status=pending").content.decode()


def test_the_list_filters_expired_sbis_and_sorts(dina_client, dina, dave, sbi):
    Sbi.objects.filter(pk=sbi.pk).update(creation_date=portal_today() - timedelta(days=10),
                                         expiry_date=portal_today() - timedelta(days=1))
    register_sbi(dina, version="0.9")
    assert [s.version for s in dina_client.get(LIST + "?status=expired").context["page"].object_list] == ["3.1.4"]
    assert "Expired" in dina_client.get(LIST + "?status=expired").content.decode()
    assert [s.version for s in dina_client.get(LIST + "?status=approved").context["page"].object_list] == []
    assert [s.version for s in dina_client.get(LIST + "?sort=version").context["page"].object_list] == ["0.9",
                                                                                                       "3.1.4"]


def test_bad_filter_values_do_not_break_the_list(dina_client, sbi):
    assert dina_client.get(LIST + "?status=weird&sort=%00&page=abc&search=" + "x" * 500).status_code == 200


def test_the_empty_list_says_what_to_do_next(dina_client):
    assert "You have not registered an SBI yet." in dina_client.get(LIST).content.decode()


def test_the_detail_shows_the_rejection_reason(dina_client, dina, dave):
    sbi = services.reject_sbi(sbi=register_sbi(dina), actor=dave, reason="The hash is not of a signed binary")
    html = dina_client.get(sbi.get_absolute_url()).content.decode()
    assert "Rejected" in html and "The hash is not of a signed binary" in html and "Add devices" not in html


# --- Devices ----------------------------------------------------------------------------------------------

def add_url(sbi) -> str:
    return reverse("devices:device_add", args=[sbi.code])


def test_two_devices_are_added_in_one_submission(dina_client, sbi):
    response = dina_client.post(add_url(sbi), rows_data([device(model="A1"), device("Iris", "I2", "Iris", "Double"),
                                                         {"device_type": "", "device_subtype": "", "make": "",
                                                          "model": ""}]))
    assert response.status_code == 302 and response.url == sbi.get_absolute_url()
    assert sorted(Device.objects.values_list("model", "status")) == [("A1", "pending"), ("I2", "pending")]
    assert "2 devices are submitted for approval." in dina_client.get(response.url).content.decode()


def test_a_subtype_of_another_type_is_refused_without_javascript(dina_client, sbi):
    response = dina_client.post(add_url(sbi), rows_data([device(device_type="Face", subtype="Double")]))
    html = response.content.decode()
    assert response.status_code == 200 and not Device.objects.exists()
    assert "“Double” is not a subtype of Face devices; choose one of: Full face." in html


def test_the_subtype_list_is_grouped_by_type_for_browsers_without_javascript(dina_client, sbi):
    html = dina_client.get(add_url(sbi)).content.decode()
    assert '<optgroup label="Finger">' in html and '<optgroup label="Iris">' in html
    assert 'data-subtype-of="devices-0-device_type"' in html and "devices/device_form.js" in html


def test_twenty_six_rows_are_refused_with_a_message(dina_client, sbi):
    rows = [device(model=f"M{n}") for n in range(26)]
    response = dina_client.post(add_url(sbi), rows_data(rows))
    assert "You can add at most 25 devices in one submission" in response.content.decode()
    assert not Device.objects.exists()
    assert dina_client.post(add_url(sbi), rows_data(rows[:25])).status_code == 302
    assert Device.objects.count() == 25


def test_a_duplicate_make_and_model_is_refused_at_its_row_naming_the_device(dina_client, dina, sbi):
    add_device(dina, sbi, make="BioScan", model="FS-1")
    response = dina_client.post(add_url(sbi), rows_data([device(model="NEW"), device(make="bioscan", model="fs-1")]))
    html = response.content.decode()
    assert "No device was added" in html
    assert "BioScan FS-1 is already pending approval for your organization" in html
    assert 'value="NEW"' in html and Device.objects.count() == 1


def test_an_empty_submission_asks_for_a_device(dina_client, sbi):
    blank = {"device_type": "", "device_subtype": "", "make": "", "model": ""}
    assert "Fill in at least one device." in dina_client.post(add_url(sbi), rows_data([blank])).content.decode()


def test_a_tampered_management_form_is_refused_without_error(dina_client, sbi):
    response = dina_client.post(add_url(sbi), {"devices-TOTAL_FORMS": "abc"})
    assert response.status_code == 200 and not Device.objects.exists()


def test_more_empty_rows_are_shown_on_request(dina_client, sbi):
    formset = dina_client.get(add_url(sbi) + "?rows=4").context["formset"]
    assert formset.total_form_count() == 4
    assert dina_client.get(add_url(sbi) + "?rows=999").context["formset"].total_form_count() == 25
    assert dina_client.get(add_url(sbi) + "?rows=x").status_code == 200


def test_devices_cannot_be_added_to_a_pending_sbi_through_the_form(dina_client, dina):
    sbi = register_sbi(dina)
    html = dina_client.get(add_url(sbi)).content.decode()
    assert "Devices can be added only to an approved SBI" in html
    response = dina_client.post(add_url(sbi), rows_data([device()]))
    assert "Devices can be added only to an approved SBI" in response.content.decode()
    assert not Device.objects.exists()


def test_the_provider_deactivates_an_approved_device(dina_client, dina, dave, sbi):
    approved = services.approve_device(device=add_device(dina, sbi), actor=dave)
    url = reverse("devices:device_deactivate", args=[approved.code])
    assert "Deactivate the device" in dina_client.get(url).content.decode()
    assert Device.objects.get().status == "approved"  # GET changes nothing
    response = dina_client.post(url, follow=True)
    assert "is deactivated" in response.content.decode() and Device.objects.get().status == "deactivated"


def test_the_confirmation_says_how_many_devices_the_deactivation_ends(dina_client, dina, dave, sbi):
    services.approve_device(device=add_device(dina, sbi), actor=dave)
    services.approve_device(device=add_device(dina, sbi), actor=dave)
    add_device(dina, sbi)
    html = dina_client.get(reverse("devices:sbi_deactivate", args=[sbi.code])).content.decode()
    assert "2 approved devices will be deactivated." in html and "1 pending device will be rejected." in html
    response = dina_client.post(reverse("devices:sbi_deactivate", args=[sbi.code]), follow=True)
    assert "2 approved devices were deactivated. 1 pending device was rejected." in response.content.decode()
    assert sorted(Device.objects.values_list("status", flat=True)) == ["deactivated", "deactivated", "rejected"]


def test_deactivating_twice_shows_an_error(dina_client, dina, sbi):
    services.deactivate_sbi(sbi=sbi, actor=dina)
    response = dina_client.post(reverse("devices:sbi_deactivate", args=[sbi.code]), follow=True)
    assert "This SBI is already deactivated." in response.content.decode()
