"""The top bar's bell, kept per user in the shared cache (issue 12): every page shows it, few requests change it.

What is kept is the reader's own data (unread count and latest notices, keyed by the user's pk), never HTML:
the panel is rendered per request, in the reader's language. Whatever changes a user's notices forgets their
bell (`forget`), at once and again after the commit (a page rendered meanwhile may have cached the old one);
the TTL (PMS_BELL_CACHE_SECONDS) bounds what any missed path could show. Off (0) without a shared cache, where
one worker could not tell the other.
"""

from collections.abc import Iterable

from django.conf import settings

from pms import memo

from .selectors import Bell, bell_for


def _key(user_pk) -> str:
    return f"pms:bell:{user_pk}"


def cached_bell(user) -> Bell:
    seconds = settings.PMS_BELL_CACHE_SECONDS
    if not seconds:
        return bell_for(user)
    bell = memo.cache_get(_key(user.pk))  # announced by prefetch_keys, read with the page's other entries
    if not isinstance(bell, Bell):
        bell = bell_for(user)
        memo.cache_set(_key(user.pk), bell, seconds)
    return bell


def prefetch_keys(request) -> list[str]:
    """The bell's entry, for pms.middleware.PrefetchMiddleware: read with the page's first cache read."""
    user = getattr(request, "user", None)
    if not settings.PMS_BELL_CACHE_SECONDS or user is None or not user.is_authenticated:
        return []
    return [_key(user.pk)]


def forget(recipient_pks: Iterable) -> None:
    """The bells of these users are read afresh from the database on their next page."""
    if not settings.PMS_BELL_CACHE_SECONDS:
        return
    keys = [_key(pk) for pk in set(recipient_pks)]
    if not keys:
        return
    memo.cache_forget_now_and_on_commit(keys)


def forget_on_change(sender, instance, **kwargs) -> None:
    """post_save of one notice (the admin site, factories): its recipient's bell. No post_delete receiver:
    it would make every bulk delete (the retention purge) load its rows; the purge forgets the bells itself."""
    forget([instance.recipient_id])
