"""A realistic small MOSIP PMS deployment, written into MOSIP's tables (mosip_schema.py) the way MOSIP writes them.

Edge cases on purpose: a partner without a certificate, a rejected request, a deactivated key, a key whose label
is the key itself (MOSIP's 1.2.0 upgrade script), an orphan device, a policy document our schema refuses, a CA
certificate our engine refuses (RSA 1024), a partner admin's "partner", a soft-deleted partner, a deactivated
partner, a partner type we do not have, a partner without an email, a partner certificate whose organization
does not match, an OIDC client with a weak key.
"""

import base64
import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import psycopg
from cryptography.hazmat.primitives import hashes, serialization

from tests.certificates import factories as pki
from tests.policies import mosip_documents

NOW = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
AUTH_PARTNER = "mpartner-tech5-auth-0001"  # 24 characters: longer than the portal's own partner IDs
KEYS = {"active": "482913", "deactivated": "730119", "print": "mpolicy_part_qrcode_api", "second": "559001"}
BAD_DOCUMENT = {"authTokenType": "magic", "allowedAuthTypes": [{"authType": "retina", "mandatory": True}],
                "allowedKycAttributes": []}


@dataclass
class Deployment:
    pms_dsn: str
    keymgr_dsn: str
    keys: dict = field(default_factory=lambda: dict(KEYS))

    @contextmanager
    def write(self, database: str = "pms"):
        """A writable connection to a source database, for tests that change MOSIP between two runs."""
        with psycopg.connect(self.pms_dsn if database == "pms" else self.keymgr_dsn, autocommit=True) as connection:
            yield connection


def insert(connection, table: str, **values) -> None:
    values.setdefault("cr_by", "admin")
    values.setdefault("cr_dtimes", NOW - timedelta(days=30))
    columns = ", ".join(values)
    placeholders = ", ".join(["%s"] * len(values))
    connection.execute(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", list(values.values()))


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def fill_pms(connection) -> None:
    _partner_types(connection)
    _policies(connection)
    _partners(connection)
    _requests_and_keys(connection)
    _oidc_clients(connection)
    _devices(connection)


def _partner_types(connection) -> None:
    for code, description, policy_required in [
            ("Auth_Partner", "Auth Partner", True), ("Credential_Partner", "Credential Partner", True),
            ("Device_Provider", "Device Provider", False), ("FTM_Provider", "FTM Provider", False),
            ("Partner_Admin", "Partner Admin", False), ("ABIS_Partner", "ABIS Partner", True),
            ("Online_Verification_Partner", "Online_Verification_Partner", True)]:
        insert(connection, "pms.partner_type", code=code, partner_description=description,
               is_policy_required=policy_required, is_active=True, cr_by="superadmin")


def _policies(connection) -> None:
    for group_id, name in [("mpolicygroup-banking", "Banking"), ("mpolicygroup-print", "Print partners")]:
        insert(connection, "pms.policy_group", id=group_id, name=name, descr=f"{name} sector", user_id="superadmin",
               is_active=True)
    schema = "https://schemas.mosip.io/v1/auth-policy"
    for policy_id, group, kind, document, active, published in [
            ("mpolicy-ekyc", "mpolicygroup-banking", "Auth", mosip_documents.ESIGNET_AUTH, True, True),
            ("mpolicy-draft", "mpolicygroup-banking", "Auth", mosip_documents.LEGACY_AUTH, False, False),
            ("mpolicy-retired", "mpolicygroup-banking", "Auth", mosip_documents.RESIDENT_OIDC_AUTH, False, True),
            ("mpolicy-bad", "mpolicygroup-banking", "Auth", BAD_DOCUMENT, True, True),
            ("mpolicy-qrcode", "mpolicygroup-print", "DataShare", mosip_documents.QR_CODE, True, True),
            ("mpolicy-misp", "mpolicygroup-banking", "MISP", {"allowed": True}, True, True)]:
        insert(connection, "pms.auth_policy", id=policy_id, policy_group_id=group, name=policy_id, descr="MOSIP policy",
               policy_file_id=json.dumps(document), policy_type=kind, version="1.0",
               policy_schema=schema if published else None, valid_from_date=days_ago(30),
               valid_to_date=NOW + timedelta(days=3650), is_active=active, upd_dtimes=days_ago(20))


PARTNERS = [
    # id, name, type, group, email, user_id, lang, active, deleted, certificate alias
    (AUTH_PARTNER, "Tech5 Auth", "Auth_Partner", "mpolicygroup-banking", "Ops@Tech5.example", "tech5auth", "fra",
     True, False, "cert-p1"),
    ("mpartner-bank-auth-0002", "Bank Auth", "Auth_Partner", "mpolicygroup-banking", "it@bank.example", "bankauth",
     "ara", True, False, None),  # no certificate
    ("mpartner-print-0003", "PrintCo", "Credential_Partner", "mpolicygroup-print", "print@printco.example",
     "printco", "eng", True, False, "cert-p3"),
    ("mpartner-device-0004", "Biometrix Devices", "Device_Provider", None, "sbi@biometrix.example", "biometrix",
     "eng", True, False, "cert-p4"),
    ("mpartner-admin-0005", "Platform admins", "Partner_Admin", None, "admin@platform.example", "padmin", "eng",
     True, False, None),
    ("mpartner-deleted-0006", "Gone Ltd", "Auth_Partner", "mpolicygroup-banking", "gone@gone.example", "gone",
     "eng", True, True, None),
    ("mpartner-inactive-0007", "Dormant Auth", "Auth_Partner", "mpolicygroup-banking", "dormant@dormant.example",
     "dormant", "eng", False, False, None),
    ("mpartner-abis-0008", "Abis Matching", "ABIS_Partner", "mpolicygroup-banking", "abis@abis.example", "abis",
     "eng", True, False, None),
    ("mpartner-noemail-0009", "No Mail Inc", "Auth_Partner", "mpolicygroup-banking", None, "nomail", "eng",
     True, False, None),
    ("mpartner-ftm-0010", "Secure Chips", "FTM_Provider", None, "ftm@securechips.example", "securechips", "eng",
     True, False, "cert-p10"),
]


def _partners(connection) -> None:
    for partner_id, name, kind, group, email, user_id, lang, active, deleted, alias in PARTNERS:
        address = "12 Avenue de la République, Lyon" if email else None  # no email, no address either
        insert(connection, "pms.partner", id=partner_id, policy_group_id=group, name=name, address=address,
               contact_no="+33472000000" if email else None, email_id=email,
               certificate_alias=alias, user_id=user_id, partner_type_code=kind,
               approval_status="approved" if active else "deactivated", is_active=active, is_deleted=deleted,
               lang_code=lang, upd_dtimes=days_ago(10))


def _requests_and_keys(connection) -> None:
    for request_id, partner, policy, status in [
            ("req-1", AUTH_PARTNER, "mpolicy-ekyc", "approved"),
            ("req-2", "mpartner-bank-auth-0002", "mpolicy-ekyc", "rejected"),
            ("req-3", "mpartner-inactive-0007", "mpolicy-ekyc", "InProgress"),
            ("req-4", "mpartner-print-0003", "mpolicy-qrcode", "approved"),
            ("req-5", AUTH_PARTNER, "mpolicy-bad", "approved")]:
        insert(connection, "pms.partner_policy_request", id=request_id, part_id=partner, policy_id=policy,
               request_datetimes=days_ago(25), request_detail="Online authentication of our customers",
               status_code=status, upd_dtimes=days_ago(24))
    for key, partner, policy, active, label, created in [
            (KEYS["active"], AUTH_PARTNER, "mpolicy-ekyc", True, KEYS["active"], 20),  # label = key (upgrade script)
            (KEYS["deactivated"], AUTH_PARTNER, "mpolicy-ekyc", False, "old-integration", 22),
            (KEYS["second"], AUTH_PARTNER, "mpolicy-ekyc", True, "Production", 21),
            (KEYS["print"], "mpartner-print-0003", "mpolicy-qrcode", True, KEYS["print"], 19)]:
        insert(connection, "pms.partner_policy", policy_api_key=key, part_id=partner, policy_id=policy,
               valid_from_datetime=days_ago(created), valid_to_datetime=NOW + timedelta(days=3650), is_active=active,
               label=label, cr_dtimes=days_ago(created), upd_dtimes=days_ago(5))


def jwk_of(bits: int) -> str:
    numbers = pki.rsa_key(bits, 7).public_key().public_numbers()

    def b64(value: int) -> str:
        raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return json.dumps({"kty": "RSA", "e": b64(numbers.e), "n": b64(numbers.n), "use": "sig", "alg": "RS256"})


def _oidc_clients(connection) -> None:
    for client_id, bits, status in [("Tech5-RP-9f3b2c1d", 2048, "ACTIVE"), ("Tech5-RP-weak", 1024, "ACTIVE")]:
        insert(connection, "pms.oidc_client", id=client_id, name=f"Tech5 relying party {bits}", rp_id=AUTH_PARTNER,
               policy_id="mpolicy-ekyc", logo_uri="https://tech5.example/logo.png",
               redirect_uris="https://tech5.example/callback,io.tech5.app://oauth", claims="[]", acr_values="[]",
               public_key=jwk_of(bits), grant_types="authorization_code", auth_methods="private_key_jwt",
               status=status)


def _devices(connection) -> None:
    for sbi_id, binary_hash, status, active in [("sbi-1", b"\x12\x34\xab", "approved", True),
                                                ("sbi-2", b"9a8b7c6d5e", "pending_approval", False),
                                                ("sbi-3", b"77aa", "rejected", False)]:
        insert(connection, "pms.secure_biometric_interface", id=sbi_id, sw_binary_hash=binary_hash,
               sw_version=f"1.0.{sbi_id[-1]}", sw_cr_dtimes=days_ago(60), sw_expiry_dtimes=NOW + timedelta(days=700),
               approval_status=status, is_active=active, provider_id="mpartner-device-0004",
               partner_org_name="Biometrix Devices", upd_dtimes=days_ago(50))
    for device_id, make, kind, subtype, status in [
            ("dev-1", "Biometrix", "Finger", "Slap", "approved"),
            ("dev-2", "Irisco", "Iris", "Double", "approved"),
            ("dev-orphan", "Orphanix", "Face", "Full face", "pending_approval")]:
        insert(connection, "pms.device_detail", id=device_id, dprovider_id="mpartner-device-0004", dtype_code=kind,
               dstype_code=subtype, make=make, model="FS-100", partner_org_name="Biometrix Devices",
               approval_status=status, is_active=status == "approved")
    for device_id, sbi_id, created in [("dev-1", "sbi-1", 40), ("dev-2", "sbi-1", 39), ("dev-2", "sbi-2", 38)]:
        insert(connection, "pms.device_detail_sbi", dprovider_id="mpartner-device-0004", device_detail_id=device_id,
               sbi_id=sbi_id, is_active=True, cr_dtimes=days_ago(created))
    for chip_id, make, alias, status, active in [
            ("chip-1", "SecureChip", "cert-chip-1", "approved", True),
            ("chip-2", "SecureChip Mini", None, "pending_cert_upload", False),
            ("chip-3", None, None, "pending_cert_upload", False)]:
        insert(connection, "pms.ftp_chip_detail", id=chip_id, foundational_trust_provider_id="mpartner-ftm-0010",
               make=make, model="SC-1" if make else None, certificate_alias=alias, partner_org_name="Secure Chips",
               is_active=active, approval_status=status)


@dataclass(frozen=True)
class Pki:
    auth: pki.Hierarchy
    device_root: pki.Issued
    ftm_root: pki.Issued
    weak_root: pki.Issued


def make_pki() -> Pki:
    weak = pki.build(subject=pki.name("Weak FTM Root"), key=pki.rsa_key(1024))
    return Pki(pki.make_hierarchy(), pki.make_root(label="Device Root CA"), pki.make_root(label="FTM Root CA"), weak)


def fill_keymgr(connection, keys: Pki) -> None:
    # The intermediate comes first: the import must order CAs issuer first.
    for cert_id, issued, issuer_id, domain, deleted in [
            ("ca-auth-int", keys.auth.intermediate, "ca-auth-root", "AUTH", False),
            ("ca-auth-root", keys.auth.root, "ca-auth-root", "AUTH", False),
            ("ca-device-root", keys.device_root, "ca-device-root", "DEVICE", False),
            ("ca-ftm-root", keys.ftm_root, "ca-ftm-root", "FTM", False),
            ("ca-weak", keys.weak_root, "ca-weak", "FTM", False),
            ("ca-deleted", pki.make_root(label="Deleted Root"), "ca-deleted", "AUTH", True)]:
        _certificate(connection, "keymgr.ca_cert_store", cert_id, issued, issuer_id, domain, is_deleted=deleted)
    for cert_id, issuer, issuer_id, organization, domain in [
            ("cert-p1", keys.auth.intermediate, "ca-auth-int", "Tech5 Auth", "AUTH"),
            ("cert-p1-old", keys.auth.intermediate, "ca-auth-int", "Tech5 Auth", "AUTH"),
            ("cert-p3", keys.auth.intermediate, "ca-auth-int", "Somebody Else", "AUTH"),
            ("cert-p4", keys.device_root, "ca-device-root", "Biometrix Devices", "DEVICE"),
            ("cert-p10", keys.ftm_root, "ca-ftm-root", "Secure Chips", "FTM"),
            ("cert-chip-1", keys.ftm_root, "ca-ftm-root", "Secure Chips", "FTM")]:
        issued = pki.make_partner_certificate(issuer, organization=organization)
        _certificate(connection, "keymgr.partner_cert_store", cert_id, issued, issuer_id, domain,
                     organization_name=organization, signed_cert_data=issued.pem.decode(), key_usage="digitalSignature")


def _certificate(connection, table: str, cert_id: str, issued: pki.Issued, issuer_id: str, domain: str,
                 **extra) -> None:
    certificate = issued.certificate
    insert(connection, table, cert_id=cert_id, cert_subject=certificate.subject.rfc4514_string(),
           cert_issuer=certificate.issuer.rfc4514_string(), issuer_id=issuer_id,
           cert_not_before=certificate.not_valid_before_utc.replace(tzinfo=None),
           cert_not_after=certificate.not_valid_after_utc.replace(tzinfo=None),
           cert_data=certificate.public_bytes(serialization.Encoding.PEM).decode(),
           cert_thumbprint=certificate.fingerprint(hashes.SHA1()).hex(),
           cert_serial_no=str(certificate.serial_number)[:50], partner_domain=domain, **extra)
