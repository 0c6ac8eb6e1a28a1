"""Small helpers every app's views share: pagination, refusals on forms, the confirmation step."""

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet, Value
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme

from . import prepared
from .counting import EXACT_BELOW, estimated_count
from .errors import Refused
from .text import text_problem

MAX_NEXT_LENGTH = 2_000

PAGE_SIZE = 25


class _Paginator(Paginator):
    def __init__(self, object_list, per_page, count_limit: int | None = None, exact_below: int = EXACT_BELOW):
        super().__init__(object_list, per_page)
        self.count_limit, self.exact_below, self.capped = count_limit, exact_below, False

    @cached_property
    def count(self) -> int:
        """An unfiltered list of a big table is counted from PostgreSQL's statistics, not row by row; with a
        `count_limit`, a filtered one is counted up to that limit only (`capped` past it), so that a search
        matching a fixed share of the rows does not cost more as the table grows (issue 12)."""
        rows = self.object_list
        if isinstance(rows, QuerySet) and not rows.query.where and not rows.query.combinator:
            return estimated_count(rows.model, self.exact_below)
        if isinstance(rows, QuerySet) and self.count_limit is not None:
            counted = rows.order_by().values("pk")[:self.count_limit + 1].count()
            self.capped = counted > self.count_limit
            return min(counted, self.count_limit)
        return super().count


def page_of(request, queryset, size: int = PAGE_SIZE, count_limit: int | None = None,
            exact_below: int = EXACT_BELOW):
    """The requested page of `queryset`. With `count_limit`, a filtered list's pages stop there and say "more"
    past it; unfiltered, a table of `exact_below` rows or more is counted from PostgreSQL's estimate."""
    return _Paginator(queryset, size, count_limit, exact_below).get_page(request.GET.get("page"))


def page_of_values(request, build, *, columns, model, key, narrowed: bool, like: str | None = None,
                   size: int = PAGE_SIZE, count_limit: int | None = None, exact_below: int = EXACT_BELOW) -> Page:
    """The requested page of `build()`, an ordered query of `model`, as tuples of its `columns` (`values_list`
    arguments) in the page's `object_list`, counted as `page_of` counts: the whole table (not `narrowed`) from
    PostgreSQL's estimate past `exact_below` rows, without building the query; a narrowed one exactly, up to
    `count_limit`, without the columns' joins.

    `key` names the page's statement when it is a function of choices only (filters, sort) and of `like`, a search
    text the query only matches as a LIKE pattern (`build(like)` then builds it): the statements are compiled once
    per process and prepared once per connection (pms.prepared.fetch_all). With `key` None the query goes through
    the ORM (issue 12)."""
    def query():
        return build() if like is None else build(like)

    paginator = _Paginator((), size, count_limit, exact_below)
    searching = like is not None and key is not None
    sorted_matches = ()
    if not narrowed:
        paginator.count = estimated_count(model, exact_below)
    elif key is not None and count_limit is not None:
        # Counted up to the limit from the rows themselves (one constant each), by a statement compiled once.
        counted = prepared.fetch_count(
            (key, "count"), lambda *text: build(*text).order_by().values_list(Value(1))[:count_limit + 1],
            like=like, off=SEARCH_COUNT_OFF if searching else ())
        paginator.count, paginator.capped = min(counted, count_limit), counted > count_limit
        if searching and not paginator.capped:
            sorted_matches = SORTED_MATCHES_OFF
    else:
        paginator.object_list = query()
    page = paginator.get_page(request.GET.get("page"))
    if not paginator.count:
        page.object_list = []
        return page
    start, end = page.start_index() - 1, page.end_index()
    if key is None:
        page.object_list = list(query().values_list(*columns)[start:end])
    else:
        page.object_list = prepared.fetch_all(
            (key, start, end), lambda *text: build(*text).values_list(*columns)[start:end], like=like,
            off=sorted_matches)
    return page


# A search's plans on PostgreSQL, whose planner misjudges how many rows a text matches (issue 12). Its capped count
# reads the search's (trigram) index, never the table: otherwise the planner reads the table row by row until it
# finds the limit's worth (30 ms for 1,001 of 100k partners, against 2 ms from the index). Then, when the count
# shows that the matches are fewer than the limit, the page is read by sorting those matches (no index walk in
# the list's order), at most the limit's worth of rows; the planner would otherwise walk the list's sort index and
# test every row until it has a page, 1,300 rows for 25 of 400 matches among 10k partners. Past the limit, a
# match is common enough for that walk to find a page soon.
SEARCH_COUNT_OFF = ("seqscan",)
SORTED_MATCHES_OFF = ("seqscan", "indexscan")


def show_refusal(form, refusal: Refused) -> None:
    """A service's refusal on the form: at its field when the form has it, otherwise above the form."""
    form.add_error(refusal.field if refusal.field in form.fields else None, str(refusal.message))


def confirm_page(request, *, title, message, form=None, action_label, cancel_url, danger=True, status=200,
                 details=None, warning=""):
    """The no-JavaScript confirmation step of an action: a page with the consequences and one POST button."""
    return render(request, "components/confirm_page.html", {
        "title": title, "message": message, "form": form, "action_label": action_label,
        "cancel_url": cancel_url, "danger": danger, "details": details or [], "warning": warning,
    }, status=status)


def act_and_redirect(request, action, *, success, to):
    """Run one service call (`action()`); its refusal or `success` becomes the page's message; then go `to`.

    `to` is anything `redirect` accepts: a model with get_absolute_url, a URL or a URL name.
    """
    try:
        action()
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, success)
    return redirect(to)


def safe_next(request, target, fallback: str = "/") -> str:
    """`target` (a `next` parameter) when it is a path on this site, else `fallback`.

    Only absolute paths are followed: `abc` (relative), `//evil.example`, `https://evil.example/`,
    `/\\evil.example` and anything with control characters fall back, so a redirect never leaves the site
    and never depends on the page it starts from.
    """
    return target if is_safe_next(request, target) else fallback


def is_safe_next(request, target) -> bool:
    return (isinstance(target, str) and target.startswith("/") and len(target) <= MAX_NEXT_LENGTH
            and text_problem(target, multiline=False) is None
            and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()))
