"""Importing a MOSIP PMS deployment (issue 14): every entity kind in order, each in its own transaction.

`import_mosip_pms` is what `manage.py import_mosip_pms` runs. Kinds run in dependency order (a partner needs
its type, a key its link…). Each kind is one transaction: when one fails, the kinds before it stay committed,
its own rows are rolled back, the run stops there and the report and the audit trail say where. A dry run
does everything inside one transaction that is rolled back at the end. The run is one audit event with the
counts; the rows the engine checks (certificates) are also audited one by one by the certificates app.
"""

import logging
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from time import monotonic

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit.services as audit
from audit.models import Outcome

from . import invites
from .importers import KINDS
from .importers.base import Context, Importer, import_row
from .models import ImportedRecord
from .report import Report
from .source import Source, describe_dsn

logger = logging.getLogger(__name__)
MODULE = "mosip_import"
ACTOR = "import_mosip_pms"


@dataclass(frozen=True)
class Options:
    pms_dsn: str
    keymgr_dsn: str = ""
    dry_run: bool = False
    legacy_key_expiry_days: int = 90
    invite: bool = False


class _Stop(Exception):
    """A kind failed as a whole: the run stops after it."""


def _no_progress(label, total):
    return nullcontext(lambda: None)


def import_mosip_pms(*, options: Options, report_file=None, progress: Callable = _no_progress,
                     on_kind_done: Callable | None = None, actor=None) -> Report:
    """Import a MOSIP PMS deployment read-only from its databases; returns the report (also audited).

    Raises source.SourceError when a source database cannot be opened read-only (nothing is changed then).
    """
    pms = Source(options.pms_dsn, label="mosip_pms")
    try:
        keymgr = Source(options.keymgr_dsn, label="mosip_keymgr") if options.keymgr_dsn else None
    except Exception:
        pms.close()
        raise
    report = Report(dry_run=options.dry_run, csv_file=report_file)
    ctx = Context(run_id=report.run_id, now=timezone.now(), legacy_key_expiry_days=options.legacy_key_expiry_days,
                  sources={"pms": pms, "keymgr": keymgr}, actor=ACTOR)
    try:
        _run(ctx, report, progress, on_kind_done, dry_run=options.dry_run)
    finally:
        pms.close()
        if keymgr is not None:
            keymgr.close()
    if options.invite and not options.dry_run and report.ok:
        report.invited, report.invite_failures = invites.send_invitations(user_ids=_imported_user_ids())
    _record(report, options, actor)
    return report


def _run(ctx: Context, report: Report, progress, on_kind_done, *, dry_run: bool) -> None:
    with transaction.atomic() if dry_run else nullcontext():
        for importer in KINDS:
            try:
                _run_kind(importer(), ctx, report, progress)
            except _Stop:
                break
            finally:
                if on_kind_done is not None and importer.kind in report.kinds:
                    on_kind_done(report.kinds[importer.kind])
        if dry_run:
            transaction.set_rollback(True)


def _run_kind(importer: Importer, ctx: Context, report: Report, progress) -> None:
    summary = report.start(importer.kind, str(importer.label))
    source = ctx.sources.get(importer.source)
    if source is None:
        summary.note = _("not read: no --keymgr-dsn was given")
        return
    if not source.has(importer.table):
        summary.note = _("not read: this MOSIP version has no table %(table)s") % {"table": importer.table.qualified}
        return
    started = monotonic()
    try:
        with transaction.atomic(), progress(summary.label, importer.count(ctx)) as advance:
            for row in importer.rows(ctx):
                report.add(import_row(importer, row, ctx))
                advance()
    except Exception as error:  # any failure of the kind as a whole: roll it back, say where, stop
        logger.error("MOSIP import stopped at %s: %s", importer.kind, type(error).__name__)
        report.fail(importer.kind, f"{type(error).__name__}: {_first_line(error)}")
        raise _Stop from error
    finally:
        summary.seconds = monotonic() - started
    report.commit_kind()


def _imported_user_ids() -> list[int]:
    return list(ImportedRecord.objects.filter(kind="users").values_list("target_id", flat=True))


def _record(report: Report, options: Options, actor) -> None:
    counts = [{"kind": kind, **values} for kind, values in report.counts().items()]
    audit.record(
        event="mosip_import_dry_run" if options.dry_run else "mosip_import_run", module=MODULE,
        actor=actor or ACTOR, outcome=Outcome.SUCCESS if report.ok else Outcome.FAILURE,
        reference=("mosip_import.run", report.run_id),
        details={"counts": counts, "stopped_at": report.stopped_at, "error": report.error,
                 "source_pms": describe_dsn(options.pms_dsn),
                 "source_keymgr": describe_dsn(options.keymgr_dsn) if options.keymgr_dsn else "",
                 "legacy_expiry_days": options.legacy_key_expiry_days, "invited": report.invited})


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [""])[0][:300]
