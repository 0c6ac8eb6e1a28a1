"""The code's own list of audit modules and events: the choices of the audit trail's filters (issue 12).

Each app registers the events it records (in its `portal.register()`), so that the filters never
need a `DISTINCT` over millions of rows. `tests/audit/test_catalog.py` reads every `record(...)` call
in the code and fails, naming them, when an event is not registered.
"""

_EVENTS: dict[str, set[str]] = {}


def register_events(module: str, *events: str) -> None:
    _EVENTS.setdefault(module, set()).update(events)


def modules() -> list[str]:
    return sorted(_EVENTS)


def events(module: str = "") -> list[str]:
    """Every registered event name, or only those of `module`."""
    chosen = [_EVENTS.get(module, set())] if module else _EVENTS.values()
    return sorted(set().union(*chosen))


def is_registered(module: str, event: str) -> bool:
    return event in _EVENTS.get(module, set())
