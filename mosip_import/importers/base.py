"""What every entity kind's importer shares: one row in, one report line out, each row in its own savepoint.

An importer names its MOSIP table, how a row is identified (`source_id`), how it is created here and how an
existing row is updated. The driver (`import_kind`) does the rest: the idempotency mapping (a row imported
before is updated only if it changed in MOSIP, otherwise skipped), refusals and the report.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from pms.errors import Refused

from ..models import ImportedRecord
from ..report import IMPORTED, REFUSED, SKIPPED, UNCHANGED, UPDATED, Entry
from ..source import Source, Table


class RowSkipped(Exception):
    def __init__(self, code: str, reason: str, target: Model | None = None):
        super().__init__(reason)
        self.code, self.reason, self.target = code, reason, target


class RowRefused(Exception):
    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code, self.reason = code, reason


@dataclass
class Result:
    """The row here, and an optional note (code + reason) for the report, e.g. "imported as a draft"."""

    target: Model
    code: str = ""
    reason: str = ""


@dataclass
class Context:
    """What the importers of one run share: options, the sources and lookups of rows imported before."""

    run_id: object
    now: datetime
    legacy_key_expiry_days: int
    sources: dict[str, Source | None]
    actor: str = "import_mosip_pms"
    _mapped: dict[str, dict[str, ImportedRecord]] = field(default_factory=dict)
    _existing: dict[str, set[int]] = field(default_factory=dict)
    _objects: dict[tuple[str, int], Model] = field(default_factory=dict)

    def mapping(self, kind: str) -> dict[str, ImportedRecord]:
        """The rows of `kind` imported by earlier runs (and this one), by MOSIP ID: one query per kind."""
        if kind not in self._mapped:
            self._mapped[kind] = {r.source_id: r for r in ImportedRecord.objects.filter(kind=kind).iterator()}
        return self._mapped[kind]

    def target_id(self, kind: str, source_id: str | None) -> int | None:
        record = self.mapping(kind).get(source_id or "")
        return record.target_id if record else None

    def still_exists(self, record: ImportedRecord) -> bool:
        """Whether the row an earlier run imported is still here: one query per model and run, not per row."""
        if record.target_type not in self._existing:
            model = apps.get_model(record.target_type)
            self._existing[record.target_type] = set(model._default_manager.values_list("pk", flat=True))
        return record.target_id in self._existing[record.target_type]

    def cached(self, queryset, pk: int) -> Model:
        """A row read once per run (a partner, a policy…), for the many rows that point to it."""
        key = (queryset.model._meta.label, pk)
        if key not in self._objects:
            if len(self._objects) > 20_000:  # national volumes: keep the memory bounded
                self._objects.clear()
            self._objects[key] = queryset.get(pk=pk)
        return self._objects[key]


class Importer:
    kind = ""
    label = ""
    source = "pms"
    table: Table
    model: type[Model]

    def rows(self, ctx: "Context"):
        return ctx.sources[self.source].rows(self.table)

    def count(self, ctx: "Context") -> int:
        return ctx.sources[self.source].count(self.table)

    def source_id(self, row: dict) -> str:
        raise NotImplementedError

    def report_id(self, row: dict) -> str:
        """How the report names the row (never a secret); the source ID unless that is one."""
        return self.source_id(row)

    def fingerprint(self, row: dict) -> str:
        return hashlib.sha256(json.dumps(row, sort_keys=True, default=str).encode()).hexdigest()

    def create(self, row: dict, ctx: Context) -> Result:
        raise NotImplementedError

    def update(self, target: Model, row: dict, ctx: Context) -> Result:
        raise NotImplementedError

    def skip_deleted(self, row: dict) -> None:
        if row.get("is_deleted"):
            raise RowSkipped("deleted_in_mosip", _("Deleted in MOSIP: not imported."))


def import_row(importer: Importer, row: dict, ctx: Context) -> Entry:
    """Import one row in its own savepoint: a refused row leaves nothing behind and the others go on.

    A row unchanged since the last run costs no query at all (the mapping and the existing rows are loaded
    once per kind), which keeps a second run over a national deployment short.
    """
    kind, report_id = importer.kind, importer.report_id(row)
    record = ctx.mapping(kind).get(importer.source_id(row))
    if (record is not None and not row.get("is_deleted") and record.fingerprint == importer.fingerprint(row)
            and ctx.still_exists(record)):
        return Entry(kind, report_id, SKIPPED, record.target_ref, UNCHANGED,
                     _("Unchanged in MOSIP since the last run."))
    try:
        with transaction.atomic():
            outcome, result = _import(importer, row, ctx)
    except RowSkipped as skip:
        target = _label(skip.target) if skip.target is not None else ""
        return Entry(kind, report_id, SKIPPED, target, skip.code, skip.reason)
    except RowRefused as refusal:
        return Entry(kind, report_id, REFUSED, "", refusal.code, refusal.reason)
    except Refused as refusal:  # a domain service's refusal (the certificate engine's checks)
        return Entry(kind, report_id, REFUSED, "", refusal.code, str(refusal.message))
    except (IntegrityError, ValidationError, DatabaseError) as error:
        return Entry(kind, report_id, REFUSED, "", "database_refused",
                     _("The database refused the row: %(error)s") % {"error": _first_line(error)})
    return Entry(kind, report_id, outcome, _label(result.target), result.code, result.reason)


def _import(importer: Importer, row: dict, ctx: Context) -> tuple[str, Result]:
    source_id = importer.source_id(row)
    mapping = ctx.mapping(importer.kind)
    record = mapping.get(source_id)
    fingerprint = importer.fingerprint(row)
    if record is None:
        importer.skip_deleted(row)
        result = importer.create(row, ctx)
        mapping[source_id] = ImportedRecord.objects.create(
            kind=importer.kind, source_id=source_id, target_type=result.target._meta.label,
            target_id=result.target.pk, target_ref=_label(result.target), fingerprint=fingerprint,
            first_run=ctx.run_id, last_run=ctx.run_id)
        return IMPORTED, result
    target = record.target
    if row.get("is_deleted"):
        raise RowSkipped("deleted_in_mosip_since", _("Deleted in MOSIP since it was imported: left as it is here "
                                                     "(deactivate it here if needed)."), target)
    if target is None:
        raise RowSkipped("deleted_here", _("Imported by an earlier run, then deleted here: not imported again."))
    result = importer.update(target, row, ctx)
    record.fingerprint, record.last_run, record.updated_at = fingerprint, ctx.run_id, ctx.now
    record.save(update_fields=["fingerprint", "last_run", "updated_at"])
    return UPDATED, result


def _label(target: Model) -> str:
    return str(getattr(target, "code", None) or target.pk)


def _first_line(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)[:300]
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:300]
