"""The partner admin's list of partners read as tuples and rendered once per content (issue 12).

The list reads each partner as the few columns its row shows (`selectors.LIST_COLUMNS` and the first user's
email), not as a partner with its type: no model is built per row, and the statements of a page and of its count
(type, status, sort, page; a search text bound at each execution) are compiled once per process and prepared
once per connection (`pms.shortcuts.page_of_values`). A row's HTML is kept in the per-process store of `pms.rows`
under those values, the language, the time zone and the minute. Nothing but the partner is in a row.
"""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.core.paginator import Page
from django.utils.translation import gettext

from pms.counting import PAGES_EXACT_BELOW
from pms.rows import render_rows
from pms.shortcuts import page_of_values

from .models import Partner, PartnerType
from .selectors import list_columns, partners_for_admin

TEMPLATE = "partners/admin/_partner_row.html"
# A search or filter is counted up to here only: past it the pages say "more than" and ask to narrow the search
# (issue 12: a frequent text counted to 1,000 read 4x more rows at 100k partners than at 10k).
COUNT_LIMIT = 500


@dataclass(frozen=True, slots=True)
class PartnerRow:
    """One partner as the list shows it: the columns of `selectors.LIST_COLUMNS` and the contact email."""

    code: UUID
    partner_id: str
    organization_name: str
    status: str
    created_at: datetime
    type_name: str
    contact_email: str | None

    @property
    def type_label(self) -> str:
        return gettext(self.type_name)  # as PartnerType.label: names are data, the seeded ones translated

    @property
    def status_label(self) -> str:
        return Partner.Status(self.status).label


def partner_page(request, *, search: str = "", partner_type: PartnerType | None = None, status: str = "",
                 sort: str = "organization") -> Page:
    """The requested page of `selectors.partners_for_admin` as PartnerRows. The whole list is counted from
    PostgreSQL's estimate past PAGES_EXACT_BELOW partners; a narrowed one up to COUNT_LIMIT ("more than")."""
    page = page_of_values(
        request, lambda *text: partners_for_admin(search=text[0] if text else "", partner_type=partner_type,
                                                  status=status, sort=sort),
        like=search or None, columns=list_columns(), model=Partner,
        narrowed=bool(search or partner_type is not None or status), count_limit=COUNT_LIMIT,
        exact_below=PAGES_EXACT_BELOW,
        key=("partners.list", bool(search), partner_type.pk if partner_type is not None else None, status, sort))
    page.object_list = [PartnerRow(*row) for row in page.object_list]
    return page


def rows_html(rows) -> list:
    return render_rows(TEMPLATE, "partner", rows)
