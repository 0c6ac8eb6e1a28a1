"""The portal's own CA (§3.2): created on first use, keys encrypted at rest, rotation keeps the old ones."""

import pytest
from cryptography import x509
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import serialization
from django.db import connection

from audit.models import AuditEvent
from certificates import services
from certificates.engine.issuing import decrypt_private_key
from certificates.models import PortalCAKey
from tests.certificates import factories as pki

pytestmark = pytest.mark.django_db


def _certificate(row: PortalCAKey) -> x509.Certificate:
    return x509.load_pem_x509_certificate(row.certificate_pem.encode())


def test_the_portal_ca_is_created_on_first_use():
    signing, created = services.ensure_portal_ca()

    assert created
    assert (signing.kind, signing.is_current, signing.parent.kind) == ("signing", True, "root")
    assert _certificate(signing).issuer == _certificate(signing.parent).subject


def test_creating_the_portal_ca_is_idempotent():
    first, _ = services.ensure_portal_ca()

    second, created = services.ensure_portal_ca()

    assert (second, created) == (first, False)
    assert PortalCAKey.objects.count() == 2


def test_the_portal_ca_certificates_are_cas_that_may_sign_certificates():
    signing, _ = services.ensure_portal_ca()

    for row in (signing, signing.parent):
        certificate = _certificate(row)
        assert certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
        assert certificate.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign


def test_the_private_key_is_never_stored_unencrypted(settings):
    signing, _ = services.ensure_portal_ca()
    with connection.cursor() as cursor:
        cursor.execute("SELECT encrypted_private_key FROM certificates_portalcakey WHERE id = %s",
                       [signing.pk])
        raw = cursor.fetchone()[0]
    raw_bytes = raw.encode() if isinstance(raw, str) else bytes(raw)

    key = Fernet(settings.PMS_KEY_ENCRYPTION_KEY).decrypt(raw_bytes)
    private_key = serialization.load_der_private_key(key, password=None)
    assert private_key.public_key() == _certificate(signing).public_key()
    assert b"PRIVATE KEY" not in raw_bytes
    assert key not in raw_bytes
    pem = private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    assert pem not in raw_bytes


def test_a_different_environment_key_cannot_read_the_private_key(settings):
    signing, _ = services.ensure_portal_ca()
    settings.PMS_KEY_ENCRYPTION_KEY = Fernet.generate_key().decode()

    with pytest.raises(InvalidToken):
        decrypt_private_key(signing.encrypted_private_key)


def test_the_private_key_never_reaches_the_audit_trail():
    signing, _ = services.ensure_portal_ca()

    for event in AuditEvent.objects.all():
        assert signing.encrypted_private_key not in str(event.details)
        assert "PRIVATE" not in str(event.details)


def test_creation_is_audited():
    services.ensure_portal_ca()

    assert set(AuditEvent.objects.values_list("event", flat=True)) == {
        "portal_root_ca_created", "portal_signing_ca_created"}


def test_rotation_issues_a_new_signing_ca_and_keeps_the_old_one(dave):
    old, _ = services.ensure_portal_ca()

    retired, new = services.rotate_portal_signing_key(actor=dave)

    old.refresh_from_db()
    assert retired == old and not old.is_current and old.retired_at is not None
    assert new.is_current and new.parent == old.parent
    assert new.fingerprint_sha256 != old.fingerprint_sha256
    assert decrypt_private_key(old.encrypted_private_key)  # still usable for verification needs


def test_rotation_is_audited(dave):
    services.ensure_portal_ca()

    _, new = services.rotate_portal_signing_key(actor=dave)

    event = AuditEvent.objects.get(event="portal_signing_key_rotated")
    assert (event.actor, event.reference_id) == ("dave", str(new.code))
    assert event.details["new"] == new.fingerprint_sha256


def test_certificates_signed_before_a_rotation_still_verify(auth_pki, alice):
    certificate = pki.give_valid_partner_certificate(alice.partner, hierarchy=auth_pki)
    old_signing = certificate.platform_signed.signed_by

    services.rotate_portal_signing_key()

    signed = x509.load_pem_x509_certificate(certificate.platform_signed.pem.encode())
    signed.verify_directly_issued_by(_certificate(old_signing))


def test_new_platform_signed_certificates_use_the_new_signing_ca(auth_pki, alice):
    pki.give_valid_partner_certificate(alice.partner, hierarchy=auth_pki)
    _, new = services.rotate_portal_signing_key()

    certificate = pki.give_valid_partner_certificate(alice.partner, hierarchy=auth_pki)

    assert certificate.platform_signed.signed_by == new


def test_rotation_creates_the_portal_ca_when_there_is_none():
    old, new = services.rotate_portal_signing_key()

    assert old is None and new.is_current


def test_migrate_creates_the_portal_ca_when_it_is_missing(settings):
    from django.core.management.sql import emit_post_migrate_signal

    settings.PMS_CREATE_PORTAL_CA_ON_MIGRATE = True
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # what `migrate` sends at its end

    assert PortalCAKey.objects.filter(is_current=True).count() == 2
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert PortalCAKey.objects.count() == 2
