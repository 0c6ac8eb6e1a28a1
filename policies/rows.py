"""The partner admin's review queue read as tuples and rendered once per content (issue 12).

The queue reads each link as the few columns its row shows (`selectors.QUEUE_COLUMNS`), not as a link with its
partner, policy and group: no model is built per row, and for a queue narrowed by choices only (status, group,
sort, page: no free text) the statement is compiled once per process and prepared once per connection
(`pms.prepared.fetch_all`). A row's HTML is kept in the per-process store of `pms.rows` under those values, the
language, the time zone and the minute. Nothing but the link is in a row.
"""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.core.paginator import Page

from pms.counting import PAGES_EXACT_BELOW
from pms.links import code_url
from pms.rows import render_rows
from pms.shortcuts import page_of_values

from . import selectors
from .models import PolicyGroup, PolicyLink, PolicyType

TEMPLATE = "policies/_link_row.html"


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One link as the queue shows it: the columns of `selectors.QUEUE_COLUMNS`."""

    code: UUID
    purpose: str
    status: str
    requested_at: datetime
    organization_name: str
    partner_id: str
    policy_name: str
    policy_type: str
    group_name: str

    @property
    def is_pending(self) -> bool:
        return self.status == PolicyLink.Status.IN_PROGRESS

    @property
    def status_label(self) -> str:
        return PolicyLink.Status(self.status).label

    @property
    def policy_type_label(self) -> str:
        return PolicyType(self.policy_type).label

    def get_absolute_url(self) -> str:
        return code_url("policies:link_detail", self.code)


def queue_page(request, *, status: str = "", group: PolicyGroup | None = None, search: str = "",
               sort: str = "pending") -> Page:
    """The requested page of the queue (`selectors.link_queue`) as QueueRows. The whole queue is counted from
    PostgreSQL's estimate past PAGES_EXACT_BELOW links (a number of pages, no total, is shown); a narrowed one
    exactly. A page past the last one is the last one, a page that is not a number the first."""
    page = page_of_values(
        request, lambda: selectors.link_queue(status=status, group=group, search=search, sort=sort),
        columns=selectors.QUEUE_COLUMNS, model=PolicyLink, narrowed=bool(status or group is not None or search),
        exact_below=PAGES_EXACT_BELOW,
        key=None if search else ("policies.queue", status, group.pk if group is not None else None, sort))
    page.object_list = [QueueRow(*row) for row in page.object_list]
    return page


def rows_html(rows) -> list:
    return render_rows(TEMPLATE, "link", rows)
