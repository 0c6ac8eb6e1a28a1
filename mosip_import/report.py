"""The import's report: per entity kind, imported / updated / skipped / refused with reasons (§ issue 14).

Every source row gets one line in the CSV (`--report FILE`), written as the import goes so that national
volumes do not sit in memory; lines that need attention (a reason) are also kept for the printed summary.
Nothing secret is ever written here: API keys are identified by partner, policy and date, never by value.
"""

import csv
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

IMPORTED, UPDATED, SKIPPED, REFUSED = "imported", "updated", "skipped", "refused"
UNCHANGED = "unchanged"  # the reason code of a row skipped because it did not change (no attention needed)
OUTCOMES = (IMPORTED, UPDATED, SKIPPED, REFUSED)
CSV_HEADER = ["kind", "mosip_id", "outcome", "portal_id", "reason_code", "reason"]
EXAMPLES = 10  # source IDs printed per (kind, outcome, reason); the CSV has them all


@dataclass
class Entry:
    kind: str
    source_id: str
    outcome: str
    target: str = ""
    code: str = ""
    reason: str = ""


@dataclass
class KindSummary:
    kind: str
    label: str
    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    note: str = ""  # e.g. "table not present in this MOSIP version"

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


class Report:
    def __init__(self, *, dry_run: bool, csv_file=None):
        self.run_id = uuid.uuid4()
        self.dry_run = dry_run
        self.kinds: dict[str, KindSummary] = {}
        self.attention: dict[tuple[str, str, str], list[Entry]] = defaultdict(list)
        self.stopped_at = ""
        self.error = ""
        self.invited = self.invite_failures = 0
        self._pending: list[Entry] = []  # the current kind's lines, written once its transaction commits
        self._writer = csv.writer(csv_file) if csv_file is not None else None
        if self._writer is not None:
            self._writer.writerow(CSV_HEADER)

    def start(self, kind: str, label: str) -> KindSummary:
        self.kinds[kind] = KindSummary(kind, label)
        return self.kinds[kind]

    def add(self, entry: Entry) -> None:
        self.kinds[entry.kind].counts[entry.outcome] += 1
        self._pending.append(entry)

    def commit_kind(self) -> None:
        """The kind's transaction committed (or, in a dry run, would commit): its lines join the report."""
        for entry in self._pending:
            if entry.code and entry.code != UNCHANGED:
                self.attention[(entry.kind, entry.outcome, entry.code)].append(entry)
            if self._writer is not None:
                self._writer.writerow([entry.kind, entry.source_id, entry.outcome, entry.target, entry.code,
                                       entry.reason])
        self._pending = []

    def fail(self, kind: str, error: str) -> None:
        """The kind failed as a whole and was rolled back: none of its lines stand; the run stops here."""
        self._pending = []
        self.stopped_at, self.error = kind, error
        summary = self.kinds[kind]
        summary.counts.clear()
        summary.note = _("stopped here, nothing of this kind was saved: %(error)s") % {"error": error}
        if self._writer is not None:
            self._writer.writerow([kind, "", "stopped", "", "error", error])

    def counts(self) -> dict[str, dict[str, int]]:
        return {kind: {outcome: summary.counts[outcome] for outcome in OUTCOMES}
                for kind, summary in self.kinds.items()}

    def totals(self) -> dict[str, int]:
        return {outcome: sum(s.counts[outcome] for s in self.kinds.values()) for outcome in OUTCOMES}

    @property
    def ok(self) -> bool:
        return not self.stopped_at

    def lines(self) -> list[str]:
        """The printed report: a table of counts per kind, then what needs attention, grouped by reason."""
        head = [_("Entity kind"), _("Rows"), pgettext("import report", "Imported"),
                pgettext("import report", "Updated"), pgettext("import report", "Skipped"),
                pgettext("import report", "Refused"), _("Rate")]
        table = [head] + [[s.label, str(s.rows), *(str(s.counts[o]) for o in OUTCOMES),
                           _("%(rate).0f/s") % {"rate": s.rate}] for s in self.kinds.values()]
        widths = [max(len(row[i]) for row in table) for i in range(len(head))]
        lines = ["  ".join(_cell(cell, width, first=i == 0) for i, (cell, width) in enumerate(zip(row, widths,
                                                                                                  strict=True)))
                 for row in table]
        lines += [f"{s.label}: {s.note}" for s in self.kinds.values() if s.note]
        if self.attention:
            lines += ["", _("Needs attention (every row is in the CSV report):")]
        for (kind, outcome, code), entries in self.attention.items():
            shown = ", ".join(e.source_id for e in entries[:EXAMPLES]) + (" …" if len(entries) > EXAMPLES else "")
            lines.append(f"- {self.kinds[kind].label} · {_outcome_label(outcome)} · {entries[0].reason} "
                         f"[{code}] × {len(entries)}: {shown}")
        return lines


def _cell(text: str, width: int, *, first: bool) -> str:
    return text.ljust(width) if first else text.rjust(width)


def _outcome_label(outcome: str) -> str:
    return {IMPORTED: _("imported"), UPDATED: _("updated"), SKIPPED: _("skipped"), REFUSED: _("refused")}[outcome]
