from django.utils.functional import SimpleLazyObject

from .bell import cached_bell


def bell(request):
    """The top bar's bell: evaluated only where a page shows it, from the cache or in one query (bell.py)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notification_bell": SimpleLazyObject(lambda: cached_bell(user))}
