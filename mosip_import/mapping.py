"""The mapping rules from MOSIP's values to ours, one named function per rule (README "Migrating from MOSIP PMS").

Pure functions: no database, so each rule is tested on its own (tests/mosip_import/test_mapping.py).
"""

import json
import re
from datetime import datetime

# --- R1 partner types ------------------------------------------------------------------------------------
# MOSIP's codes (pms.partner_type, db_scripts/mosip_pms/dml/pms-partner_type.csv) that have a seeded type here.
PARTNER_TYPE_CODES = {
    "auth_partner": "auth-partner",
    "online_verification_partner": "auth-partner",  # MOSIP's ID-authentication partner: an authentication partner
    "credential_partner": "credential-partner",
    "device_provider": "device-provider",
    "ftm_provider": "ftm-provider",
}
# MOSIP's partner admins are partners of this type there; here they are staff accounts, not partners.
STAFF_PARTNER_TYPES = {"partner_admin"}


def partner_type_code(mosip_code: str) -> str | None:
    """R1: the seeded type a MOSIP type maps to; None for a type that becomes a new row here (types are data)."""
    return PARTNER_TYPE_CODES.get((mosip_code or "").strip().lower())


def is_staff_partner_type(mosip_code: str) -> bool:
    return (mosip_code or "").strip().lower() in STAFF_PARTNER_TYPES


def new_type_code(mosip_code: str) -> str:
    """R1: the code of a type created for a MOSIP type without an equivalent, e.g. ABIS_Partner → mosip-abis-partner."""
    return "mosip-" + re.sub(r"[^a-z0-9]+", "-", mosip_code.strip().lower()).strip("-")[:33]


def new_type_prefix(mosip_code: str, taken: set[str]) -> str:
    """A free partner-ID prefix (≤ 4 characters) for a created type: the initials, then numbered."""
    words = [w for w in re.split(r"[^A-Za-z0-9]+", mosip_code) if w]
    base = ("".join(w[0] for w in words) or "X").upper()[:3]
    candidates = [base, *(f"{base[:2]}{n}" for n in range(1, 10)), *(f"X{n}" for n in range(10, 1000))]
    return next(c for c in candidates if c not in taken)


# --- R3 policies -----------------------------------------------------------------------------------------
POLICY_TYPES = {"auth": "auth", "authentication": "auth", "datashare": "datashare", "data_share": "datashare"}


def policy_type(mosip_type: str) -> str | None:
    """R3: MOSIP's auth_policy.policy_type ("Auth", "DataShare") → ours; None for types we have no schema for."""
    return POLICY_TYPES.get((mosip_type or "").strip().lower())


def policy_status(*, is_active: bool, policy_schema: str | None) -> str:
    """R3: MOSIP publishes a policy by setting policy_schema and is_active; deactivation clears is_active only.

    So: active → published; inactive without a schema → draft; inactive with a schema → deactivated.
    """
    if is_active:
        return "published"
    return "deactivated" if policy_schema else "draft"


def policy_document(text: str | None):
    """R3: the policy JSON kept in policy_file_id. Text that is not JSON is kept as a JSON string (so nothing
    is dropped) and then fails the schema, which makes the policy a draft."""
    if text is None:
        return {}
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return text


# --- R4 partners -----------------------------------------------------------------------------------------
LANGUAGES = {"eng": "en", "en": "en", "fra": "fr", "fre": "fr", "fr": "fr", "ara": "ar", "ar": "ar"}


def language(lang_code: str | None) -> str | None:
    """R4: MOSIP's ISO 639-3 lang_code (eng, fra, ara) → ours; None when unknown (English is used and reported)."""
    return LANGUAGES.get((lang_code or "").strip().lower())


def partner_is_active(row: dict) -> bool:
    """R4: a partner is active here when it is active in MOSIP (is_active; approval_status is informative)."""
    return bool(row.get("is_active"))


def is_deleted(row: dict) -> bool:
    """Soft-deleted rows of any MOSIP table are not imported (they are reported as skipped)."""
    return bool(row.get("is_deleted"))


# --- R6 policy requests ----------------------------------------------------------------------------------
REQUEST_STATUSES = {"approved": "approved", "rejected": "rejected", "inprogress": "in_progress",
                    "in_progress": "in_progress", "in progress": "in_progress", "pending": "in_progress"}


def request_status(status_code: str | None) -> str | None:
    """R6: partner_policy_request.status_code → a link status; None for one we do not know."""
    return REQUEST_STATUSES.get((status_code or "").strip().lower())


# --- R7 API keys -----------------------------------------------------------------------------------------
LABEL_MAX = 36


def key_label(*, label: str | None, key: str, created: datetime | None) -> tuple[str, bool]:
    """R7: the label of an imported key, and whether MOSIP's label had to be replaced.

    A label that contains the key (an upgrade script of MOSIP copied the key into the label column) or is
    empty is replaced by "MOSIP <date of creation>": the clear key is never carried over.
    """
    text = " ".join((label or "").split())
    if text and key.strip().lower() not in text.lower():
        return text[:LABEL_MAX], False
    return f"MOSIP {created:%Y-%m-%d}" if created else "MOSIP", True


def unique_label(label: str, taken: set[str]) -> str:
    """`label`, or "label (2)", "label (3)"… whichever is free among the partner's keys (case-insensitive)."""
    candidate, number = label, 1
    while candidate.lower() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = label[:LABEL_MAX - len(suffix)] + suffix
    return candidate


# --- R8 OIDC clients -------------------------------------------------------------------------------------
def comma_list(text: str | None) -> list[str]:
    """R8: MOSIP keeps redirect URIs, grant types and auth methods as comma-separated text."""
    return [item.strip() for item in (text or "").split(",") if item.strip()]


def client_status(status: str | None) -> str:
    return "active" if (status or "").strip().upper() == "ACTIVE" else "deactivated"


# --- R10 certificates ------------------------------------------------------------------------------------
DOMAINS = {"AUTH": "AUTH", "DEVICE": "DEVICE", "FTM": "FTM"}


def domain(partner_domain: str | None) -> str | None:
    """R10: keymgr's partner_domain (AUTH, DEVICE, FTM) → our certificate domain."""
    return DOMAINS.get((partner_domain or "").strip().upper())


# --- R9 SBIs, devices and FTM chips ----------------------------------------------------------------------
APPROVAL_STATUSES = {"approved": "approved", "activated": "approved", "pending_approval": "pending",
                     "pending": "pending", "inprogress": "pending", "rejected": "rejected",
                     "deactivated": "deactivated", "de-activated": "deactivated", "inactive": "deactivated"}


def approval_status(status: str | None, *, is_active: bool) -> str | None:
    """R9: approval_status + is_active of an SBI, device or chip → pending | approved | rejected | deactivated.

    MOSIP deactivates an approved item by clearing is_active only; None for a status we do not know.
    """
    ours = APPROVAL_STATUSES.get((status or "").strip().lower())
    if ours == "approved" and not is_active:
        return "deactivated"
    return ours


def chip_status(status: str | None, *, is_active: bool) -> str | None:
    """R9: an FTM chip's status: MOSIP's pending_cert_upload, else as approval_status (pending → pending_approval)."""
    if (status or "").strip().lower() == "pending_cert_upload":
        return "pending_certificate"
    ours = approval_status(status, is_active=is_active)
    return "pending_approval" if ours == "pending" else ours


DEVICE_TYPES = {"finger": "Finger", "iris": "Iris", "face": "Face"}
DEVICE_SUBTYPES = {"slap": "Slap", "single": "Single", "touchless": "Touchless", "double": "Double",
                   "full face": "Full face", "fullface": "Full face", "full_face": "Full face"}


def device_type(code: str | None) -> str | None:
    return DEVICE_TYPES.get((code or "").strip().lower())


def device_subtype(code: str | None) -> str | None:
    return DEVICE_SUBTYPES.get((code or "").strip().lower())


def binary_hash(value: bytes | memoryview | str | None) -> str:
    """R9: MOSIP keeps the SBI's binary hash as bytea: the bytes of the text the provider typed, which is kept
    as text when it reads as such; any other bytes become hexadecimal."""
    if value is None:
        return ""
    raw = bytes(value) if not isinstance(value, str) else value.encode()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.hex()
    return text if re.fullmatch(r"[A-Za-z0-9+/=_:.\-]{1,256}", text) else raw.hex()
