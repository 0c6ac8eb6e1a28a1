"""The portal's own signing authority (§3.2): created by `migrate` and `create_portal_ca` (and on first signing
if neither ran), rotated on demand, keys encrypted. Pages only read it: no GET creates it."""

from dataclasses import dataclass
from datetime import timedelta

from cryptography import x509
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

import audit.services as audit

from ..engine import describe, to_pem
from ..engine.issuing import (
    build_ca_certificate,
    ca_name,
    decrypt_private_key,
    encrypt_private_key,
    new_ca_key,
)
from ..engine.issuing import sign_end_entity as _sign_end_entity
from ..models import PortalCAKey

ROOT_VALIDITY_DAYS = 20 * 365
SIGNING_VALIDITY_DAYS = 5 * 365
MODULE = "certificates"


@dataclass(frozen=True)
class IssuedCertificate:
    certificate: x509.Certificate
    signed_by: PortalCAKey


def current_signing_key() -> PortalCAKey | None:
    return PortalCAKey.objects.filter(kind=PortalCAKey.Kind.SIGNING, is_current=True).first()


def ensure_portal_ca(*, actor=None) -> tuple[PortalCAKey, bool]:
    """The current signing intermediate, creating the root and/or the intermediate when missing or expired.

    Returns (signing key, created). Safe to call concurrently: a second creator loses on the
    one-current-per-kind constraint and reads the winner's rows.
    """
    signing = current_signing_key()
    if signing is not None and signing.not_after > timezone.now() + timedelta(days=1):
        return signing, False
    try:
        with transaction.atomic():
            return _replace_signing(actor=actor, reason="created" if signing is None else "expired")[1], True
    except IntegrityError:
        return current_signing_key(), False


def ensure_portal_ca_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate: a migrated portal has its CA, so no page ever has to create it on a GET."""
    from django.db import connections

    if not settings.PMS_CREATE_PORTAL_CA_ON_MIGRATE:
        return
    if PortalCAKey._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated backwards (or not yet): nothing to create the CA in
    ensure_portal_ca()


def rotate_portal_signing_key(*, actor=None) -> tuple[PortalCAKey | None, PortalCAKey]:
    """Retire the current signing intermediate (kept for verification) and issue a new one under the root."""
    with transaction.atomic():
        old, new = _replace_signing(actor=actor, reason="rotated")
        audit.record(event="portal_signing_key_rotated", module=MODULE, actor=actor, reference=new,
                     details={"previous": old.fingerprint_sha256 if old else None,
                              "new": new.fingerprint_sha256, "not_after": new.not_after})
    return old, new


def _replace_signing(*, actor, reason: str) -> tuple[PortalCAKey | None, PortalCAKey]:
    old = (PortalCAKey.objects.select_for_update()
           .filter(kind=PortalCAKey.Kind.SIGNING, is_current=True).first())
    if old is not None:
        old.is_current, old.retired_at = False, timezone.now()
        old.save(update_fields=["is_current", "retired_at"])
    return old, _create(actor=actor, reason=reason)


def _create(*, actor, reason: str) -> PortalCAKey:
    now = timezone.now()
    root = PortalCAKey.objects.filter(kind=PortalCAKey.Kind.ROOT, is_current=True).first()
    if root is None or root.not_after < now + timedelta(days=SIGNING_VALIDITY_DAYS):
        root = _new_root(actor=actor, now=now, previous=root)
    root_cert = x509.load_pem_x509_certificate(root.certificate_pem.encode("ascii"))
    key = new_ca_key()
    number = PortalCAKey.objects.filter(kind=PortalCAKey.Kind.SIGNING).count() + 1
    certificate = build_ca_certificate(
        key=key, subject=ca_name(f"Partner Management Portal Signing CA {number}"), now=now,
        days=SIGNING_VALIDITY_DAYS, issuer_cert=root_cert,
        issuer_key=decrypt_private_key(root.encrypted_private_key), path_length=0)
    signing = _save(PortalCAKey.Kind.SIGNING, certificate, key, parent=root)
    audit.record(event="portal_signing_ca_created", module=MODULE, actor=actor, reference=signing,
                 details={"reason": reason, "subject": signing.subject,
                          "fingerprint": signing.fingerprint_sha256})
    return signing


def _new_root(*, actor, now, previous: PortalCAKey | None) -> PortalCAKey:
    if previous is not None:
        previous.is_current, previous.retired_at = False, now
        previous.save(update_fields=["is_current", "retired_at"])
    key = new_ca_key()
    certificate = build_ca_certificate(key=key, subject=ca_name("Partner Management Portal Root CA"), now=now,
                                       days=ROOT_VALIDITY_DAYS)
    root = _save(PortalCAKey.Kind.ROOT, certificate, key, parent=None)
    audit.record(event="portal_root_ca_created", module=MODULE, actor=actor, reference=root,
                 details={"subject": root.subject, "fingerprint": root.fingerprint_sha256})
    return root


def _save(kind: str, certificate: x509.Certificate, key, *, parent) -> PortalCAKey:
    info = describe(certificate)
    return PortalCAKey.objects.create(
        kind=kind, parent=parent, certificate_pem=to_pem(certificate),
        encrypted_private_key=encrypt_private_key(key),
        subject=info.subject, serial_number=info.serial_number, fingerprint_sha256=info.fingerprint_sha256,
        not_before=info.not_before, not_after=info.not_after,
    )


def issue_platform_signed(certificate: x509.Certificate, *, actor=None) -> IssuedCertificate:
    """Sign `certificate`'s subject and key with the current portal signing CA (§3.3); never a CA itself.

    Callers validate the certificate first (engine.validate_end_entity) and store the result.
    """
    signing, _created = ensure_portal_ca(actor=actor)
    issuer_cert = x509.load_pem_x509_certificate(signing.certificate_pem.encode("ascii"))
    signed = _sign_end_entity(certificate, issuer_cert=issuer_cert,
                              issuer_key=decrypt_private_key(signing.encrypted_private_key),
                              now=timezone.now(), days=settings.SIGNED_CERT_VALIDITY_DAYS)
    return IssuedCertificate(signed, signing)
