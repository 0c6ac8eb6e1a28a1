"""Every event the code records is in the audit catalogue, the source of the trail's filter choices (issue 12).

The code is read, not run: each `record(event="…", module=…)` call (and each helper passing an event name
through, such as `record_refusal("…", …)`) with a literal event name is checked against `audit.catalog`.
An event missing from the catalogue could not be chosen in the audit trail's filters.
"""

import ast
from pathlib import Path

from audit import catalog

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", "tests", "benchmarks", "migrations", "node_modules", "staticfiles"}
# Calls whose first positional argument is the event name: helpers of the apps around audit.record.
EVENT_HELPERS = {"record", "record_refusal", "_record_refusal"}


def _sources():
    for path in ROOT.rglob("*.py"):
        if not SKIPPED & set(path.relative_to(ROOT).parts):
            yield path


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level NAME = "literal" assignments (e.g. MODULE = "apikeys")."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value.value
    return found


def _literals(node, constants: dict[str, str]) -> list[str]:
    """The event names an argument can be: a literal, a module constant, either branch of `a if c else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name) and node.id in constants:
        return [constants[node.id]]
    if isinstance(node, ast.IfExp):
        return _literals(node.body, constants) + _literals(node.orelse, constants)
    return []


def _literal(node, constants: dict[str, str]) -> str | None:
    found = _literals(node, constants)
    return found[0] if found else None


def _name_of(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def recorded_events() -> set[tuple[str, str, str]]:
    """(file, module or "", event) of every audited call with a literal event name."""
    found = set()
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _constants(tree)
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            keywords = {k.arg: k.value for k in call.keywords}
            if _name_of(call) == "record" and "event" in keywords:
                events = _literals(keywords["event"], constants)
                module = _literal(keywords["module"], constants) if "module" in keywords else None
            elif _name_of(call) in EVENT_HELPERS and call.args:
                events, module = _literals(call.args[0], constants), ""
            else:
                continue
            found.update((str(path.relative_to(ROOT)), module or "", event) for event in events)
    return found


def test_the_code_records_events():
    assert len(recorded_events()) > 30  # the scan itself works


def test_every_recorded_event_is_in_the_catalogue():
    missing = sorted(
        (path, module, event) for path, module, event in recorded_events()
        if not (catalog.is_registered(module, event) if module else event in catalog.events()))
    assert not missing, ("Register these audit events with audit.labels.register_audit_labels(module=…, "
                         f"events={{…}}) in their app's portal.register(): {missing}")
