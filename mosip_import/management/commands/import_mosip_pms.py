import sys
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from mosip_import import services
from mosip_import.source import SourceError


class Command(BaseCommand):
    help = ("Import a MOSIP PMS deployment (partners, policies, links, certificates, API keys, OIDC clients…) "
            "from its PostgreSQL databases, read-only; safe to run again.")

    def add_arguments(self, parser):
        parser.add_argument("--pms-dsn", required=True,
                            help="PostgreSQL DSN of MOSIP's mosip_pms database (schema pms), e.g. "
                                 "postgres://reader@db.example.org/mosip_pms. Opened read-only.")
        parser.add_argument("--keymgr-dsn", default="",
                            help="PostgreSQL DSN of MOSIP's mosip_keymgr database (schema keymgr), for the trust "
                                 "store and partner certificates. Without it, certificates are not imported.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Do everything, print the report, then roll back: nothing is saved or sent.")
        parser.add_argument("--report", metavar="FILE",
                            help="Also write the report as CSV (one line per MOSIP row) to FILE.")
        parser.add_argument("--legacy-key-expiry-days", type=int, default=90, metavar="DAYS",
                            help="Imported API keys (weak: rotate them) expire after DAYS days, or at their MOSIP "
                                 "expiry if sooner. Default: 90.")
        parser.add_argument("--invite", action="store_true",
                            help="Email each imported user who has no password yet a link to set one, in the "
                                 "user's language (needs PMS_PORTAL_URL).")

    def handle(self, *args, **options):
        opts = self._options(options)
        with self._report_file(options["report"]) as report_file:
            try:
                report = services.import_mosip_pms(options=opts, report_file=report_file, progress=self._progress,
                                                   on_kind_done=self._kind_done)
            except SourceError as error:
                raise CommandError(_("Cannot read the MOSIP database: %(error)s") % {"error": error}) from None
        self.stdout.write("\n".join(report.lines()))
        if report.dry_run:
            self.stdout.write(self.style.WARNING(_("Dry run: nothing was saved and no email was sent.")))
        if report.invited or report.invite_failures:
            self.stdout.write(_("Invitations sent: %(sent)s, failed: %(failed)s.")
                              % {"sent": report.invited, "failed": report.invite_failures})
        if not report.ok:
            raise CommandError(_("The import stopped at %(kind)s (%(error)s). The kinds before it are saved; run "
                                 "the command again once the cause is fixed.")
                               % {"kind": report.stopped_at, "error": report.error})
        self.stdout.write(self.style.SUCCESS(_("Import finished (run %(run)s).") % {"run": report.run_id}))

    def _options(self, options) -> services.Options:
        days = options["legacy_key_expiry_days"]
        if not 1 <= days <= 3650:
            raise CommandError(_("--legacy-key-expiry-days must be between 1 and 3650."))
        if options["invite"] and not settings.PMS_PORTAL_URL:
            raise CommandError(_("--invite needs PMS_PORTAL_URL (the portal's public address) for the links."))
        return services.Options(pms_dsn=options["pms_dsn"], keymgr_dsn=options["keymgr_dsn"],
                                dry_run=options["dry_run"], legacy_key_expiry_days=days, invite=options["invite"])

    @contextmanager
    def _report_file(self, path):
        if not path:
            yield None
            return
        try:
            handle = Path(path).open("w", newline="", encoding="utf-8")
        except OSError as error:
            raise CommandError(_("Cannot write the report to %(path)s: %(error)s")
                               % {"path": path, "error": error.strerror}) from None
        with handle:
            yield handle

    @contextmanager
    def _progress(self, label, total):
        """A progress bar per entity kind (count and rate) on a terminal; nothing when output is redirected."""
        with tqdm(total=total, desc=str(label), unit=_("rows"), file=sys.stderr, disable=not sys.stderr.isatty(),
                  dynamic_ncols=True, leave=True) as bar:
            yield bar.update

    def _kind_done(self, summary):
        counts = summary.counts
        self.stderr.write(_("%(kind)s: %(rows)s rows in %(seconds).1f s (%(rate).0f/s): %(imported)s imported, "
                            "%(updated)s updated, %(skipped)s skipped, %(refused)s refused. %(note)s") % {
            "kind": summary.label, "rows": summary.rows, "seconds": summary.seconds, "rate": summary.rate,
            "imported": counts["imported"], "updated": counts["updated"], "skipped": counts["skipped"],
            "refused": counts["refused"], "note": summary.note})
