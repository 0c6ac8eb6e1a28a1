"""Notes an importer attaches to a row it imported with a change (a shortened address, a replaced label…)."""

from dataclasses import dataclass, field

from .base import Result


@dataclass
class Notes:
    codes: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def add(self, code: str, reason: str) -> None:
        self.codes.append(code)
        self.reasons.append(str(reason))

    def result(self, target) -> Result:
        return Result(target, "+".join(self.codes), "; ".join(self.reasons))


def shorten(value: str | None, limit: int, notes: Notes, code: str, reason: str) -> str:
    """`value` stripped and cut to `limit` characters; a cut is noted (the full text stays in MOSIP)."""
    text = (value or "").strip()
    if len(text) > limit:
        notes.add(code, reason % {"length": len(text), "limit": limit})
        return text[:limit]
    return text
