"""The code's own list of audit modules and events: the choices of the audit trail's filters (issue 12).

It is read from the labels each app registers (`audit.labels.register_audit_labels`, in its `ready()`), so
that the filters never need a `DISTINCT` over millions of rows. `tests/audit/test_catalog.py` reads every
`record(...)` call in the code and fails, naming them, when an event is not registered.
"""

from . import labels


def modules() -> list[str]:
    return sorted(labels.module_events())


def events(module: str = "") -> list[str]:
    """Every registered event name, or only those of `module`."""
    by_module = labels.module_events()
    chosen = [by_module.get(module, set())] if module else by_module.values()
    return sorted(set().union(*chosen))


def is_registered(module: str, event: str) -> bool:
    return event in labels.module_events().get(module, set())
