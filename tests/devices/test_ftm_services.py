"""FTM chips (§7): registration, the certificate through the engine under the FTM domain with its
platform-signed copy, re-uploads that reset the approval, the admin's decision and deactivation."""

from datetime import timedelta

import pytest
import time_machine
from cryptography import x509

from audit.models import AuditEvent
from devices import services
from devices.models import FtmChip, FtmChipCertificate
from tests.certificates import factories as pki
from tests.factories import make_partner_admin

from .factories import chip_certificate, chip_pending_approval, make_ftm_provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def dave(db):
    return make_partner_admin(username="dave")


def create(user, make="SecureChip", model="SC-100"):
    return services.create_chip(provider=user.partner, make=make, model=model, actor=user)


def upload(user, chip, pem: bytes, filename="chip.pem"):
    return services.upload_chip_certificate(chip=chip, data=pem, filename=filename, actor=user)


def test_a_new_chip_waits_for_its_certificate(fatima):
    chip = create(fatima)
    assert chip.status == FtmChip.Status.PENDING_CERTIFICATE and chip.provider == fatima.partner
    assert AuditEvent.objects.filter(event="ftm_chip_created", actor="fatima").count() == 1


def test_make_and_model_are_unique_among_the_providers_open_chips(fatima, farid, refusal):
    create(fatima)
    error = refusal(create, user=fatima, make=" securechip ", model="sc-100")
    assert error.code == "make_model_taken" and "SecureChip SC-100" in error.message
    assert create(farid).pk  # another provider


def test_a_rejected_or_deactivated_chip_frees_its_make_and_model(fatima, ftm_pki, dave):
    services.deactivate_chip(chip=create(fatima), actor=fatima)
    assert create(fatima).status == FtmChip.Status.PENDING_CERTIFICATE
    services.reject_chip(chip=chip_pending_approval(fatima, ftm_pki, model="R1"), actor=dave, reason="No")
    assert create(fatima, model="R1").pk


@pytest.mark.parametrize(("make", "model"), [("", "M"), ("M" * 37, "M"), ("M", ""), ("M", "M" * 37)])
def test_make_and_model_have_1_to_36_characters(fatima, refusal, make, model):
    assert refusal(create, user=fatima, make=make, model=model).field == ("make" if make in ("", "M" * 37)
                                                                            else "model")


def test_a_device_provider_cannot_register_a_chip(dina, refusal):
    assert refusal(create, user=dina).code == "not_an_ftm_provider"


def test_a_chip_provider_needs_a_valid_partner_certificate(ftm_pki, refusal):
    user = make_ftm_provider("nocert", "No Cert Chips", certified=False)
    assert refusal(create, user=user).code == "certificate_required"


def test_an_accepted_certificate_gets_its_platform_signed_copy_and_sends_the_chip_to_approval(fatima, ftm_pki):
    chip = create(fatima)
    issued = chip_certificate(ftm_pki, "Fatima Chips")
    certificate = upload(fatima, chip, issued.pem)
    chip.refresh_from_db()
    assert chip.status == FtmChip.Status.PENDING_APPROVAL
    assert certificate.is_current and certificate.issuer_ca.domain == "FTM"
    signed = x509.load_pem_x509_certificate(certificate.platform_signed.pem.encode())
    assert signed.public_key() == issued.certificate.public_key() and signed.subject == issued.certificate.subject
    assert signed.issuer != issued.certificate.issuer
    assert signed.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    event = AuditEvent.objects.get(event="ftm_chip_certificate_uploaded")
    assert event.details["status"] == "pending_approval" and event.details["status_before"] == "pending_certificate"


def test_a_der_certificate_is_accepted(fatima, ftm_pki):
    upload(fatima, create(fatima), chip_certificate(ftm_pki, "Fatima Chips").der, filename="chip.der")
    assert FtmChipCertificate.objects.count() == 1


BAD_CERTIFICATES = {
    "organization_mismatch": lambda h: chip_certificate(h, "Somebody Else").pem,
    "self_signed": lambda h: pki.build(subject=pki.name("chip", "Fatima Chips"), ca=False).pem,
    "ca_as_partner": lambda h: h.intermediate.pem,
    "validity_too_short": lambda h: chip_certificate(h, "Fatima Chips", days=30).pem,
    "pem_no_certificate": lambda h: b"-----BEGIN PRIVATE THING-----\nabc\n",
    "not_a_certificate": lambda h: b"\x00\x01garbage",
}


@pytest.mark.parametrize("code", list(BAD_CERTIFICATES))
def test_a_bad_certificate_is_refused_changes_nothing_and_is_audited(fatima, ftm_pki, refusal, code):
    chip = create(fatima)
    error = refusal(upload, user=fatima, chip=chip, pem=BAD_CERTIFICATES[code](ftm_pki))
    assert error.code == code and error.field == "certificate"
    chip.refresh_from_db()
    assert chip.status == FtmChip.Status.PENDING_CERTIFICATE and not FtmChipCertificate.objects.exists()
    event = AuditEvent.objects.get(event="ftm_chip_certificate_upload_refused")
    assert event.outcome == "failure" and event.details["reason"] == code


def test_a_certificate_of_another_domain_is_refused(fatima, refusal):
    auth = pki.install_hierarchy("AUTH")
    error = refusal(upload, user=fatima, chip=create(fatima), pem=chip_certificate(auth, "Fatima Chips").pem)
    assert error.code in ("wrong_domain", "unknown_issuer")


def test_a_reupload_sends_an_approved_chip_back_to_approval_and_keeps_the_history(fatima, ftm_pki, dave):
    chip = services.approve_chip(chip=chip_pending_approval(fatima, ftm_pki), actor=dave)
    first = FtmChipCertificate.objects.get()
    upload(fatima, chip, chip_certificate(ftm_pki, "Fatima Chips").pem)
    chip.refresh_from_db()
    first.refresh_from_db()
    assert chip.status == FtmChip.Status.PENDING_APPROVAL
    assert first.status == "replaced" and first.replaced_at is not None
    assert FtmChipCertificate.objects.filter(chip=chip, status="current").count() == 1


def test_the_same_certificate_cannot_be_uploaded_twice(fatima, ftm_pki, refusal):
    chip = create(fatima)
    pem = chip_certificate(ftm_pki, "Fatima Chips").pem
    upload(fatima, chip, pem)
    assert refusal(upload, user=fatima, chip=chip, pem=pem).code == "already_current"
    other = create(fatima, model="SC-200")
    assert refusal(upload, user=fatima, chip=other, pem=pem).code == "certificate_in_use"


def test_a_refused_reupload_leaves_the_current_certificate_in_force(fatima, ftm_pki, dave, refusal):
    chip = services.approve_chip(chip=chip_pending_approval(fatima, ftm_pki), actor=dave)
    refusal(upload, user=fatima, chip=chip, pem=chip_certificate(ftm_pki, "Wrong Org").pem)
    chip.refresh_from_db()
    assert chip.status == FtmChip.Status.APPROVED and FtmChipCertificate.objects.get().is_current


def test_a_deactivated_or_rejected_chip_takes_no_certificate(fatima, ftm_pki, dave, refusal):
    deactivated = create(fatima)
    services.deactivate_chip(chip=deactivated, actor=fatima)
    rejected = services.reject_chip(chip=chip_pending_approval(fatima, ftm_pki), actor=dave, reason="No")
    for chip in (deactivated, rejected):
        assert refusal(upload, user=fatima, chip=chip, pem=chip_certificate(ftm_pki, "Fatima Chips").pem).code == (
            "chip_closed")


def test_the_admin_cannot_approve_a_chip_without_a_certificate(fatima, dave, refusal):
    error = refusal(services.approve_chip, chip=create(fatima), actor=dave)
    assert error.code == "no_certificate" and "no certificate" in error.message


def test_the_admin_approves_a_chip_pending_approval(fatima, ftm_pki, dave):
    chip = services.approve_chip(chip=chip_pending_approval(fatima, ftm_pki), actor=dave, note="Welcome")
    chip.refresh_from_db()
    assert (chip.status, chip.comment, chip.decided_by) == ("approved", "Welcome", dave)
    assert AuditEvent.objects.filter(event="ftm_chip_approved", actor="dave").count() == 1


def test_a_chip_whose_certificate_expired_cannot_be_approved(fatima, ftm_pki, dave, refusal):
    chip = chip_pending_approval(fatima, ftm_pki)
    certificate = FtmChipCertificate.objects.get()
    with time_machine.travel(certificate.not_after + timedelta(days=1)):
        assert refusal(services.approve_chip, chip=chip, actor=dave).code == "certificate_not_valid"


def test_a_chip_whose_issuing_ca_was_deactivated_cannot_be_approved(fatima, ftm_pki, dave, refusal):
    from certificates.models import CACertificate
    from certificates.services import deactivate_ca_certificate

    chip = chip_pending_approval(fatima, ftm_pki)
    root = CACertificate.objects.get(domain="FTM", kind="root")
    deactivate_ca_certificate(ca=root, actor=dave)
    assert refusal(services.approve_chip, chip=chip, actor=dave).code == "certificate_untrusted"


def test_the_admin_rejects_with_a_reason_and_decides_once(fatima, ftm_pki, dave, refusal):
    chip = chip_pending_approval(fatima, ftm_pki)
    assert refusal(services.reject_chip, chip=chip, actor=dave, reason="").code == "reason_required"
    services.reject_chip(chip=chip, actor=dave, reason="Unknown manufacturer")
    chip.refresh_from_db()
    assert (chip.status, chip.comment) == ("rejected", "Unknown manufacturer")
    assert refusal(services.approve_chip, chip=chip, actor=dave).code == "chip_not_pending"


def test_the_provider_deactivates_a_chip_for_good(fatima, ftm_pki, dave, refusal):
    chip = services.approve_chip(chip=chip_pending_approval(fatima, ftm_pki), actor=dave)
    services.deactivate_chip(chip=chip, actor=fatima)
    chip.refresh_from_db()
    assert (chip.status, chip.deactivation_reason) == ("deactivated", "by_provider")
    assert refusal(services.deactivate_chip, chip=chip, actor=fatima).code == "chip_not_open"
    assert AuditEvent.objects.filter(event="ftm_chip_deactivated").count() == 1


def test_the_admin_deactivates_a_chip_with_a_note(fatima, ftm_pki, dave):
    chip = services.deactivate_chip(chip=chip_pending_approval(fatima, ftm_pki), actor=dave, note="Compromised")
    chip.refresh_from_db()
    assert (chip.deactivation_reason, chip.deactivation_note) == ("by_admin", "Compromised")
