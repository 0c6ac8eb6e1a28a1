"""The partner admin's review queue read as tuples and rendered once per content (issue 12).

The queue reads each link as the few columns its row shows (`selectors.QUEUE_COLUMNS`), not as a link with its
partner, policy and group: no model is built per row, and for a queue narrowed by choices only (status, group,
sort, page: no free text) the statement is compiled once per process and prepared once per connection
(`pms.prepared.fetch_all`). A row's HTML is kept in the per-process store of `pms.rows` under those values, the
language, the time zone and the minute. Nothing but the link is in a row.
"""

import time
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.template.loader import render_to_string
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

from pms import prepared
from pms.counting import PAGES_EXACT_BELOW, estimated_count
from pms.links import code_url
from pms.rows import cached
from pms.shortcuts import PAGE_SIZE

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
               sort: str = "pending", size: int = PAGE_SIZE) -> Page:
    """The requested page of the queue (`selectors.link_queue`) as QueueRows. The whole queue is counted from
    PostgreSQL's estimate past PAGES_EXACT_BELOW links (a number of pages, no total, is shown); a narrowed one
    exactly. A page past the last one is the last one, a page that is not a number the first."""

    def links():
        return selectors.link_queue(status=status, group=group, search=search, sort=sort)

    paginator = Paginator((), size)
    narrowed = bool(status or group is not None or search)
    paginator.count = links().count() if narrowed else estimated_count(PolicyLink, PAGES_EXACT_BELOW)
    paginator.capped = False  # as pms.shortcuts' paginator says
    page = paginator.get_page(request.GET.get("page"))
    if not paginator.count:
        return page
    start, end = page.start_index() - 1, page.end_index()
    if search:  # free text: a statement of its own
        values = list(links()[start:end])
    else:
        key = ("policies.queue", status, group.pk if group is not None else None, sort, start, end)
        values = prepared.fetch_all(key, lambda: links()[start:end])
    page.object_list = [QueueRow(*row) for row in values]
    return page


def rows_html(rows: list[QueueRow]) -> list:
    language, zone, minute = get_language(), get_current_timezone_name(), int(time.time() // 60)
    return [cached((TEMPLATE, language, zone, minute, row), lambda row=row: render_to_string(TEMPLATE, {"link": row}))
            for row in rows]
