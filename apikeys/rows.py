"""The rows and filters of the partner's API key list, read as tuples and rendered once per content (issue 12).

The list reads each key as the few columns its row shows (`selectors.KEY_ROW_COLUMNS`), not as a model with its
link, policy, group and partner: no model is built per row. A row's HTML is kept in the per-process store of
`pms.rows` under those values, the status the partner reads, the language, the time zone and the minute (a row
says "expires in 3 days"). Nothing but the key is in a row, and a partner's list only reads the partner's keys.
"""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import Count, Subquery
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.translation import get_language

from pms import prepared
from pms.rows import cached, render_rows
from pms.shortcuts import PAGE_SIZE, page_of

from . import selectors
from .keys import SCHEME
from .selectors import EFFECTIVE_STATUS_LABELS, LinkPolicy, partner_link_policies, status_as_read

TEMPLATE = "apikeys/_key_row.html"
MAX_PAGE = 10**9


@dataclass(frozen=True, slots=True)
class KeyRow:
    """One key as its row shows it: the columns of `selectors.KEY_ROW_COLUMNS` but its link, its link's status
    and policy, and the status the partner reads."""

    code: UUID
    label: str
    public_id: str
    legacy: bool
    status: str
    created_at: datetime
    expires_at: datetime
    deactivation_reason: str
    deactivation_comment: str
    link_status: str
    policy_name: str
    effective_status: str

    @property
    def prefix(self) -> str:
        return f"{SCHEME}_{self.public_id}"

    @property
    def effective_status_label(self):
        return EFFECTIVE_STATUS_LABELS[self.effective_status]


def page_of_keys(request, *, partner, status: str = "", policy: str = "", search: str = "",
                 size: int = PAGE_SIZE) -> Page:
    """The requested page of the partner's keys (`selectors.partner_key_rows`) and their number in one query: the
    count is a subquery of the page's query, instead of a query of its own. A page past
    the last one (no row to carry the count) is answered as `page_of` answers it: the last page. Unless a search
    or a status that depends on the clock narrows it, the statement is compiled once per process and prepared once
    per connection, the partner bound at each execution (pms.prepared.fetch_all)."""
    def keys(pk=partner.pk):
        return selectors.partner_key_rows(partner=pk, status=status, policy=policy, search=search)

    try:
        # Past MAX_PAGE no list has rows: its offset would only overflow the database's integer.
        number = min(max(int(request.GET.get("page", 1)), 1), MAX_PAGE)
    except ValueError:
        number = 1
    start = (number - 1) * size

    def counted_page(pk=partner.pk):
        # The number of keys as a subquery run once, from the partner's index alone: a window over the filtered
        # keys read every key of the partner (1,000 of them: 1.7 ms, against 0.3 ms).
        total = keys(pk).order_by().values("partner").annotate(number=Count("pk")).values("number")
        return keys(pk).annotate(total=Subquery(total))[start:start + size]

    if search or status not in ("", "deactivated"):
        counted = list(counted_page())
    else:
        counted = prepared.fetch_all(("apikeys.list", status, policy, start, size), counted_page, value=partner.pk)
    if not counted:
        return page_of(request, keys(), size) if number > 1 else Paginator([], size).page(1)
    paginator = Paginator((), size)
    paginator.count, paginator.capped = counted[0][-1], False  # capped: as pms.shortcuts' paginator says
    return Page([values[:-1] for values in counted], number, paginator)


def key_rows(values, *, partner, links: dict[int, LinkPolicy]) -> list[KeyRow]:
    """The rows of these tuples of the partner's keys (`selectors.partner_key_rows`), with their link's policy and
    status from `links` (`selectors.partner_link_policies`), each with the status the partner reads now."""
    missing = {value[-1] for value in values} - links.keys()
    if missing:  # a link created since `links` was read
        links = {**links, **partner_link_policies(partner, missing)}
    now = timezone.now()
    rows = []
    for *columns, link_id in values:
        link = links[link_id]
        status, expires_at = columns[4], columns[6]
        rows.append(KeyRow(*columns, link.status, link.name, status_as_read(
            status=status, expired=expires_at <= now, link_status=link.status, partner_active=partner.is_active)))
    return rows


def rows_html(rows) -> list:
    return render_rows(TEMPLATE, "key", rows)


FILTERS = "apikeys/_key_filters.html"


def filters_html(filters) -> str:
    """The filter bar. Without a filter chosen (the list as opened, or another page of it) it is a function of
    the language and the policy choices only, and is rendered once per those; with one, it shows the request's
    own values (and errors) and is rendered for the request."""
    if filters.is_bound and any(filters.data.get(name) for name in filters.fields):
        return render_to_string(FILTERS, {"filters": filters})
    choices = tuple((value, str(label)) for value, label in filters.fields["policy"].choices)
    return cached((FILTERS, get_language(), get_script_prefix(), filters.is_bound, choices),
                  lambda: render_to_string(FILTERS, {"filters": filters}))
