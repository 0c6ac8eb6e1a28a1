"""The trust store's list read as tuples and rendered once per content (issue 12).

The list reads each CA certificate as the few columns its row shows (`selectors.CA_LIST_COLUMNS`), never its PEM
and no model per row; the statement of a list narrowed by choices only (domain, type, status, sort, page: no text,
no validity window, which depend on the clock) is compiled once per process and prepared once per connection
(`pms.shortcuts.page_of_values`). A row's HTML is kept in the per-process store of `pms.rows` under those values,
the language, the time zone and the minute (a row says "expires in 3 days").
"""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.core.paginator import Page

from pms.links import code_url
from pms.rows import render_rows
from pms.shortcuts import page_of_values

from . import selectors
from .models import CACertificate, Validity, ca_status_badge, validity_badge, validity_of

TEMPLATE = "certificates/_ca_row.html"
PAGE_SIZE = 25
_CHOICES_ONLY = {"domain", "kind", "status", "sort"}


@dataclass(frozen=True, slots=True)
class CARow:
    """One CA certificate as the trust store lists it: the columns of `selectors.CA_LIST_COLUMNS`."""

    code: UUID
    subject: str
    subject_common_name: str
    issuer: str
    issuer_common_name: str
    domain: str
    kind: str
    not_before: datetime
    not_after: datetime
    status: str
    chain_deactivated: bool

    def get_absolute_url(self) -> str:
        return code_url("certificates:ca_detail", self.code)

    @property
    def kind_label(self) -> str:
        return CACertificate.Kind(self.kind).label

    @property
    def validity_label(self) -> str:
        return Validity(validity_of(self.not_before, self.not_after)).label

    @property
    def validity_badge(self) -> str:
        return validity_badge(validity_of(self.not_before, self.not_after))

    @property
    def status_badge(self) -> tuple[str, str]:
        return ca_status_badge(self.status, self.chain_deactivated)


def ca_page(request, filters: dict) -> Page:
    """The requested page of `selectors.ca_certificates(**filters)` as CARows, counted exactly."""
    narrowed = any(key != "sort" for key in filters)
    key = ("certificates.trust_store", tuple(sorted(filters.items()))) if set(filters) <= _CHOICES_ONLY else None
    page = page_of_values(request, lambda: selectors.ca_certificates(**filters), columns=selectors.CA_LIST_COLUMNS,
                          model=CACertificate, narrowed=narrowed, key=key, size=PAGE_SIZE)
    page.object_list = [CARow(*row) for row in page.object_list]
    return page


def rows_html(rows) -> list:
    return render_rows(TEMPLATE, "ca", rows)
