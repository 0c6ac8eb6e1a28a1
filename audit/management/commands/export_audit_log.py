import sys

from django.core.management.base import BaseCommand, CommandError

from audit.exports import csv_lines
from audit.forms import AuditFilterForm
from audit.selectors import audit_events


class Command(BaseCommand):
    help = "Write the audit log (optionally filtered) as CSV to a file or standard output."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")
        parser.add_argument("--date-from", help="First day to include (YYYY-MM-DD, UTC).")
        parser.add_argument("--date-to", help="Last day to include (YYYY-MM-DD, UTC).")
        parser.add_argument("--actor", default="", help="Only events whose actor contains this text.")
        parser.add_argument("--module", default="", help="Only events of this module.")
        parser.add_argument("--event", default="", help="Only events with this name.")
        parser.add_argument("--outcome", default="", choices=["", "success", "failure"],
                            help="Only successes or only failures.")

    def handle(self, *args, **options):
        data = {k: options[k] or "" for k in ("actor", "module", "event", "outcome")}
        data |= {"date_from": options["date_from"] or "", "date_to": options["date_to"] or ""}
        form = AuditFilterForm(data)
        if not form.is_valid():
            errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
            raise CommandError(f"Invalid filter: {errors}")
        lines = csv_lines(audit_events(**form.filters()))
        out = open(options["output"], "w", encoding="utf-8", newline="") if options["output"] else sys.stdout
        try:
            out.writelines(lines)
        finally:
            if out is not sys.stdout:
                out.close()
