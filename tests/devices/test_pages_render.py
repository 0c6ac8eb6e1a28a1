"""Every page of the devices app renders in English, French and Arabic (right to left), with real rows."""

import pytest
from django.urls import reverse

from devices import services
from devices.models import FtmChipCertificate

from .factories import add_device, approved_sbi, chip_pending_approval, register_sbi

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(dina, fatima, ftm_pki, dave):
    sbi = approved_sbi(dina, dave)
    device = add_device(dina, sbi)
    services.reject_device(device=add_device(dina, sbi), actor=dave, reason="Blurry")
    pending = register_sbi(dina)
    chip = chip_pending_approval(fatima, ftm_pki)
    certificate = FtmChipCertificate.objects.get()
    return {
        "dina": [reverse("devices:sbi_list"), reverse("devices:sbi_create"), sbi.get_absolute_url(),
                 pending.get_absolute_url(), reverse("devices:device_add", args=[sbi.code]),
                 reverse("devices:sbi_deactivate", args=[sbi.code]), "/dashboard/"],
        "fatima": [reverse("devices:chip_list"), reverse("devices:chip_create"), chip.get_absolute_url(),
                   reverse("devices:chip_certificate_upload", args=[chip.code]),
                   reverse("devices:chip_deactivate", args=[chip.code]), "/dashboard/"],
        "dave": [reverse("devices:review_sbi_list"), reverse("devices:review_device_list"),
                 reverse("devices:review_chip_list"), reverse("devices:review_sbi", args=[sbi.code]),
                 reverse("devices:review_sbi_approve", args=[pending.code]),
                 reverse("devices:review_sbi_reject", args=[pending.code]),
                 reverse("devices:review_sbi_deactivate", args=[sbi.code]),
                 reverse("devices:review_device", args=[device.code]),
                 reverse("devices:review_device_approve", args=[device.code]),
                 reverse("devices:review_chip", args=[chip.code]),
                 reverse("devices:review_chip_approve", args=[chip.code]),
                 reverse("devices:review_chip_deactivate", args=[chip.code]),
                 reverse("partner_admin:detail", args=[dina.partner.code]),
                 reverse("partner_admin:detail", args=[fatima.partner.code]), "/dashboard/"],
        "certificate": certificate,
    }


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_every_devices_page_renders_in_every_language(request, world, language):
    for actor in ("dina", "fatima", "dave"):
        client = request.getfixturevalue(f"{actor}_client")
        client.cookies["pms_language"] = language
        for path in world[actor]:
            response = client.get(path)
            assert response.status_code == 200, (actor, path)
            html = response.content.decode()
            assert f'lang="{language}"' in html and ('dir="rtl"' in html) == (language == "ar"), path


def test_arabic_pages_show_arabic_labels(dina_client, world):
    dina_client.cookies["pms_language"] = "ar"
    html = dina_client.get(reverse("devices:sbi_create")).content.decode()
    assert "إصدار SBI" in html and "بصمة الملف الثنائي" in html and "تاريخ الإنشاء" in html
    assert "SBI version" not in html


def test_french_subtypes_are_translated_in_the_grouped_list(dina_client, world):
    dina_client.cookies["pms_language"] = "fr"
    html = dina_client.get(world["dina"][4]).content.decode()
    assert '<optgroup label="Doigt">' in html and "Sans contact" in html
