"""Values computed once per request: what several blocks of one page ask for (issue 12).

`RequestIdMiddleware` opens a scope around every request; outside a request (commands, tasks,
tests calling services directly) nothing is kept and every call computes afresh.
"""

import contextvars
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager

_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("pms_request_memo", default=None)


def per_request(key: Hashable, compute: Callable):
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


@contextmanager
def request_scope() -> Iterator[None]:
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)
