"""SBIs, devices, their SBI links and FTM chips (with their certificates) imported from MOSIP."""

import csv
import io

from devices.models import Device, FtmChip, Sbi


def line(report: str, kind: str, mosip_id: str) -> dict:
    return next(r for r in csv.DictReader(io.StringIO(report)) if r["kind"] == kind and r["mosip_id"] == mosip_id)


def test_sbis_keep_their_versions_dates_statuses_and_hashes(run_import):
    run_import()
    sbis = {sbi.version: sbi for sbi in Sbi.objects.filter(provider__partner_id="mpartner-device-0004")}
    assert sbis["1.0.1"].status == Sbi.Status.APPROVED and sbis["1.0.1"].binary_hash == "1234ab"
    assert sbis["1.0.2"].status == Sbi.Status.PENDING and sbis["1.0.2"].binary_hash == "9a8b7c6d5e"
    assert sbis["1.0.3"].status == Sbi.Status.REJECTED and "MOSIP" in sbis["1.0.3"].comment


def test_devices_are_linked_to_their_sbi_and_an_orphan_stays_an_orphan(run_import):
    report = run_import()[2]
    device = Device.objects.get(make="Biometrix")
    assert device.sbi.version == "1.0.1" and device.status == Device.Status.APPROVED
    orphan = Device.objects.get(make="Orphanix")
    assert orphan.sbi is None and orphan.is_orphan and orphan.status == Device.Status.PENDING
    assert line(report, "devices", "dev-orphan")["reason_code"] == "orphan_device"


def test_a_second_sbi_link_of_a_device_is_reported_not_kept(run_import):
    report = run_import()[2]
    assert Device.objects.get(make="Irisco").sbi.version == "1.0.1"
    assert line(report, "device_sbi_links", "dev-2:sbi-2")["reason_code"] == "other_sbi"


def test_ftm_chip_certificate_goes_through_the_engine_with_a_platform_signed_copy(run_import):
    report = run_import()[2]
    chip = FtmChip.objects.get(make="SecureChip")
    certificate = chip.certificates.get()
    assert chip.status == FtmChip.Status.APPROVED and certificate.platform_signed.subject == certificate.subject
    assert line(report, "partner_certificates", "cert-chip-1")["reason_code"] == "chip_certificate"


def test_chip_without_certificate_waits_for_it_and_one_without_make_is_refused(run_import):
    report = run_import()[2]
    assert FtmChip.objects.get(make="SecureChip Mini").status == FtmChip.Status.PENDING_CERTIFICATE
    assert line(report, "ftm_chips", "chip-3")["reason_code"] == "no_make_model"


def test_devices_and_chips_are_not_imported_twice(run_import):
    run_import()
    counts = (Sbi.objects.count(), Device.objects.count(), FtmChip.objects.count())
    report = run_import()[2]
    assert (Sbi.objects.count(), Device.objects.count(), FtmChip.objects.count()) == counts == (3, 3, 2)
    assert line(report, "device_sbi_links", "dev-1:sbi-1")["reason_code"] == "unchanged"
