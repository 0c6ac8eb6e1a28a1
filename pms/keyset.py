"""Keyset ("newer / older") pagination for lists too long to count: each page is one index range.

A page is asked for by a cursor naming the row it starts after (`older=`) or before (`newer=`), so
its cost does not grow with the table or with how far back the reader goes (issue 12). Rows are
ordered newest first by (a datetime field, id); the index must cover both, descending.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import Q, QuerySet

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True)
class KeysetPage:
    object_list: list
    newer: str  # cursor of the page of newer rows ("" when this is the newest page)
    older: str  # cursor of the page of older rows ("" when there is none)

    def __iter__(self):  # like Django's Page
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def is_newest(self) -> bool:
        return not self.newer

    @property
    def has_other_pages(self) -> bool:
        return bool(self.newer or self.older)


def cursor_of(row, field: str) -> str:
    return f"{(getattr(row, field) - _EPOCH) // _MICROSECOND}_{row.pk}"


def parse_cursor(value: str) -> tuple[datetime, int] | None:
    """(moment, id) from a cursor; None for anything malformed (the reader then gets the newest page)."""
    micros, _sep, pk = (value or "").partition("_")
    if not (micros.isdigit() and pk.isdigit()) or len(micros) > 18 or len(pk) > 18:
        return None
    return _EPOCH + int(micros) * _MICROSECOND, int(pk)


def keyset_page(queryset: QuerySet, *, field: str, size: int, older: str = "", newer: str = "") -> KeysetPage:
    """One page of `queryset` (any filters, no ordering needed), newest first by (`field`, id)."""
    after, before = parse_cursor(older), parse_cursor(newer)
    if before is not None and after is None:
        moment, pk = before
        rows = list(queryset.filter(_beyond(field, moment, pk, "gt")).order_by(field, "id")[:size + 1])
        if len(rows) <= size:  # back at the newest rows: show a full newest page
            return keyset_page(queryset, field=field, size=size)
        return _page(rows[:size][::-1], field, newer_exists=True, older_exists=True)
    if after is not None:
        moment, pk = after
        queryset = queryset.filter(_beyond(field, moment, pk, "lt"))
    rows = list(queryset.order_by(f"-{field}", "-id")[:size + 1])
    return _page(rows[:size], field, newer_exists=after is not None, older_exists=len(rows) > size)


def keyset_rows(rows: list, *, field: str, size: int) -> KeysetPage:
    """The newest page of these rows, read newest first by (`field`, id) with one more than `size` (whether there
    are older rows): for a caller that reads the newest page its own way."""
    return _page(rows[:size], field, newer_exists=False, older_exists=len(rows) > size)


def _beyond(field: str, moment: datetime, pk: int, direction: str) -> Q:
    # The first condition is implied by the second; it is there so that the database starts its
    # index scan at the cursor instead of filtering every row before it.
    bound = "lte" if direction == "lt" else "gte"
    return Q(**{f"{field}__{bound}": moment}) & (
        Q(**{f"{field}__{direction}": moment}) | Q(**{field: moment, f"id__{direction}": pk}))


def _page(rows: list, field: str, *, newer_exists: bool, older_exists: bool) -> KeysetPage:
    if not rows:
        return KeysetPage([], "", "")
    return KeysetPage(rows, cursor_of(rows[0], field) if newer_exists else "",
                      cursor_of(rows[-1], field) if older_exists else "")
