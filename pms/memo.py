"""Values computed once per request: what several blocks of one page ask for (issue 12).

`RequestIdMiddleware` opens a scope around every request; outside a request (commands, tasks,
tests calling services directly) nothing is kept and every call computes afresh.

The shared cache is read the same way (`cache_get`): a page reads several small entries from it (its top bar's
bell, a filter bar's choices, the review queue's pending count), one network round trip each. What a request is
about to read is announced first (`prefetch`: the bell by `PrefetchMiddleware` once the user is known, a select's
choices when its form is built), and the first read fetches everything announced in one round trip. An entry
this request changes or forgets (`cache_set`, `cache_forget`) is read afresh.
"""

import contextvars
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager

from django.core.cache import cache
from django.db import transaction

_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("pms_request_memo", default=None)
_WANTED, _FETCHED = object(), object()  # the memo's entries for the shared cache: keys announced, values read


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


def prefetch(*keys: str) -> None:
    """Cache keys this request is about to read: the next `cache_get` reads them with its own key, at once."""
    memo = _memo.get()
    if memo is not None:
        memo.setdefault(_WANTED, set()).update(keys)


def cache_get(key: str):
    """`cache.get(key)` (None when missing), read with every key announced so far in one round trip, once per
    request."""
    memo = _memo.get()
    if memo is None:
        return cache.get(key)
    fetched = memo.setdefault(_FETCHED, {})
    if key not in fetched:
        wanted = memo.setdefault(_WANTED, set())
        keys = sorted((wanted | {key}) - fetched.keys())
        wanted.clear()
        found = cache.get_many(keys) if len(keys) > 1 else {key: cache.get(key)}
        fetched.update({k: found.get(k) for k in keys})
    return fetched[key]


def cache_set(key: str, value, timeout) -> None:
    cache.set(key, value, timeout)
    memo = _memo.get()
    if memo is not None:
        memo.setdefault(_FETCHED, {})[key] = value


def cache_forget(keys) -> None:
    """Delete these cache entries; this request reads them afresh."""
    keys = list(keys)
    cache.delete_many(keys)
    memo = _memo.get()
    if memo is not None:
        fetched = memo.get(_FETCHED, {})
        for key in keys:
            fetched.pop(key, None)


def cache_forget_now_and_on_commit(keys) -> None:
    """Forget these entries at once, for what runs next in this transaction, and again once it commits: in
    between, a concurrent request could read the rows as they were and keep them again."""
    keys = list(keys)
    cache_forget(keys)
    transaction.on_commit(lambda: cache_forget(keys))
