"""What the audit trail's codes mean, in the reader's language (PRODUCT.md §10, issue 13).

Events are stored with codes (`module="apikeys"`, `event="api_key_generated"`, `details={"reason": "expired"}`),
which exports and scripts rely on. Pages show labels instead: each app registers the labels of the modules,
events, detail keys and coded detail values it writes, from its `AppConfig.ready()`:

    register_audit_labels(module="apikeys", label=_("API keys"),
                          events={"api_key_generated": _("API key generated"), …},
                          details={"prefix": _("Key prefix")},
                          values={("reason", "unknown_key"): _("Unknown key")})

A code nobody registered is shown as it is, in monospace (tests/audit/test_labels.py fails when an event the
code records has no label).
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from pms.formats import format_datetime

_modules: dict[str, object] = {}
_events: dict[str, object] = {}
_module_events: dict[str, set[str]] = {}  # module → the events it records (the audit trail's filter choices)
_details: dict[str, object] = {
    "name": _("Name"), "label": _("Label"), "reason": _("Reason"), "status": _("Status"), "fields": _("Fields"),
    "partner_id": _("Partner ID"), "policy": _("Policy"), "group": _("Policy group"), "note": _("Note"),
    "comment": _("Comment"), "username": _("Username"), "role": _("Role"), "type": _("Type"),
    "previous": _("Previous"), "from": _("From"), "to": _("To"), "source": _("Source"), "login": _("Login"),
}
_values: dict[tuple[str, str, str], object] = {}  # (module, detail key, coded value) → label
_version = 0  # counts registrations: what is derived from the labels is kept per version (the filter choices)
_ACTORS = {"system": _("System"), "api": _("Verify API"), "anonymous": _("Anonymous visitor")}
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@dataclass(frozen=True)
class Label:
    text: str
    known: bool  # False: no label was registered; the code is shown as it is

    def __str__(self) -> str:
        return self.text


def register_audit_labels(*, module: str, label, events: dict | None = None, details: dict | None = None,
                          values: dict | None = None) -> None:
    global _version
    _version += 1
    _modules[module] = label
    _events.update(events or {})
    _module_events.setdefault(module, set()).update(events or {})
    _details.update(details or {})
    # Coded values belong to their module: "expired" is a key's reason in one, an SBI's in another.
    _values.update({(module, key, value): label for (key, value), label in (values or {}).items()})


def module_label(code: str) -> Label:
    return _label(_modules, code)


def event_label(code: str) -> Label:
    return _label(_events, code)


def actor_label(actor: str) -> str:
    return str(_ACTORS.get(actor, actor))


def reference_label(reference_type: str) -> str:
    """ "apikeys.ApiKey" → "API key" (the model's verbose name)."""
    try:
        return str(apps.get_model(reference_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return reference_type


@dataclass(frozen=True)
class Detail:
    label: Label
    value: str

    @property
    def is_code(self) -> bool:
        """One word with no space (a partner ID, a key prefix, a fingerprint): kept left-to-right, unbroken."""
        return " " not in self.value

    @property
    def is_short_code(self) -> bool:
        return self.is_code and len(self.value) <= 24


def detail_rows(details: dict, module: str = "") -> list[Detail]:
    """The label and the value shown of each detail; empty values are left out."""
    return [Detail(_label(_details, key), _value(module, key, value)) for key, value in details.items()
            if value not in (None, "", [], {})]


def module_events() -> dict[str, set[str]]:
    return _module_events


def version() -> int:
    return _version


def known_codes() -> tuple[set[str], set[str]]:
    return set(_modules), set(_events)


@dataclass(frozen=True)
class Described:
    module: Label
    event: Label
    actor: str
    reference: str
    details: list


def describe(event) -> Described:
    """An AuditEvent as a page shows it."""
    return Described(module=module_label(event.module), event=event_label(event.event),
                     actor=actor_label(event.actor),
                     reference=reference_label(event.reference_type) if event.reference_type else "",
                     details=detail_rows(event.details or {}, event.module))


def choices(codes: list[str], label) -> list[tuple[str, str]]:
    """Filter choices: the codes (what the URL carries) with their labels, sorted by label."""
    return sorted(((code, str(label(code))) for code in codes), key=lambda choice: choice[1].lower())


def _label(table: dict, code: str) -> Label:
    label = table.get(code)
    return Label(str(label), True) if label is not None else Label(code, False)


def _value(module: str, key: str, value) -> str:
    if isinstance(value, list):
        return ", ".join(_value(module, key, item) for item in value)
    if isinstance(value, dict):
        return " ".join(f"{name}={item}" for name, item in value.items())
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, str) and (module, key, value) in _values:
        return str(_values[(module, key, value)])
    if isinstance(value, str) and _ISO_MOMENT.match(value):
        try:
            return format_datetime(datetime.fromisoformat(value))
        except ValueError:
            return value
    return str(value)
