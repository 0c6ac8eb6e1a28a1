"""Policy documents: parsing, JSON Schema validation (`schemas/*.json`) and errors at their JSON path (§4)."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from pms import jsonsafe

from .models import PolicyType

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
SCHEMA_FILES = {PolicyType.AUTH: "auth_policy.json", PolicyType.DATASHARE: "datashare_policy.json"}
MAX_DOCUMENT_CHARS = 100_000
MAX_ERRORS = 25

AUTH_TOKEN_TYPES = ["random", "partner", "policy"]
# (authType, authSubType) pairs the structured editor offers: every one the schema accepts.
AUTH_TYPE_OPTIONS = [
    ("otp", ""), ("otp-request", ""), ("demo", ""), ("bio", "FINGER"), ("bio", "IRIS"), ("bio", "FACE"),
    ("kyc", ""), ("kycauth", ""), ("kycexchange", ""), ("wla", ""),
]


@dataclass(frozen=True)
class DocumentError:
    path: str  # e.g. "allowedAuthTypes[0].authType"; "" for the document itself
    message: str

    def __str__(self) -> str:
        return f"{self.path or _('(document)')}: {self.message}"


def starter_document(policy_type: str) -> dict:
    """What a new policy of this type starts from (valid, so a policy manager only adds what it needs)."""
    if policy_type == PolicyType.AUTH:
        return {"authTokenType": "partner", "allowedAuthTypes": [], "allowedKycAttributes": [],
                "kycLanguages": []}
    return {
        "dataSharePolicies": {"typeOfShare": "Data Share", "validForInMinutes": "30",
                              "transactionsAllowed": "2",
                              "encryptionType": "Partner Based", "shareDomain": "datashare-service",
                              "source": "ID Repository"},
        "shareableAttributes": [],
    }


def pretty(document) -> str:
    """The document as indented JSON; renders whatever a stored document holds (see `jsonsafe.display`)."""
    return jsonsafe.display(document)


def parse(text: str | bytes) -> tuple[object, DocumentError | None]:
    """The JSON value of `text` (editor or import), or an error saying why the portal refuses it."""
    try:
        return jsonsafe.loads(text, max_size=MAX_DOCUMENT_CHARS), None
    except jsonsafe.JsonRefused as refusal:
        return None, DocumentError("", str(refusal.message))


@cache
def _validator(policy_type: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / SCHEMA_FILES[policy_type]).read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_for(policy_type: str) -> dict:
    return _validator(policy_type).schema


def validate(policy_type: str, document) -> list[DocumentError]:
    """Every schema error of `document`, each at its JSON path, in document order (empty when valid)."""
    errors, seen = [], set()
    for error in sorted(_validator(policy_type).iter_errors(document), key=_document_order):
        for item in _explain(error):
            if item not in seen:
                seen.add(item)
                errors.append(item)
    return errors[:MAX_ERRORS]


def _document_order(error) -> list[tuple[int, object]]:
    return [(0, part) if isinstance(part, int) else (1, str(part)) for part in error.absolute_path]


def json_path(parts) -> str:
    """["allowedAuthTypes", 0, "authType"] → "allowedAuthTypes[0].authType"."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _explain(error) -> list[DocumentError]:
    path = list(error.absolute_path)
    validator = error.validator
    if validator == "required":
        missing = [key for key in error.validator_value if key not in error.instance]
        return [DocumentError(json_path([*path, key]), _("This key is required.")) for key in missing]
    if validator == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        return [DocumentError(json_path([*path, key]), _("Unknown key."))
                for key in error.instance if key not in known]
    if validator == "dependentRequired":
        return [DocumentError(json_path(path), _("“subType” needs a “type” next to it."))]
    return [DocumentError(json_path(path), _message(error))]


def _message(error) -> str:
    validator, value = error.validator, error.validator_value
    custom = error.schema.get("x-pms-message") if isinstance(error.schema, dict) else None
    if custom == "whole_number":
        return _("Must be a whole number (a number or a string of digits).")
    if custom == "filter":
        return _("A filter names either a language or a biometric type (with optional subType).")
    if validator == "type":
        return _("Must be %(type)s.") % {"type": _type_names(value)}
    if validator in ("enum", "const"):
        choices = value if validator == "enum" else [value]
        return _("Must be one of: %(values)s.") % {"values": ", ".join(json.dumps(v) for v in choices)}
    if validator == "minLength":
        return _("Must not be empty.")
    if validator == "pattern":
        return _("Has the wrong format.")
    return error.message


def _type_names(value) -> str:
    names = {
        "string": _("a text"), "integer": _("a whole number"), "number": _("a number"),
        "boolean": _("true or false"), "array": _("a list"), "object": _("an object"), "null": _("null"),
    }
    kinds = [str(names.get(kind, kind)) for kind in (value if isinstance(value, list) else [value])]
    text = kinds[0]
    for kind in kinds[1:]:
        text = _("%(first)s or %(second)s") % {"first": text, "second": kind}
    return text
