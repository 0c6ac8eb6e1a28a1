from django.utils.functional import SimpleLazyObject

from .selectors import bell_for


def bell(request):
    """The top bar's bell: evaluated only where a page shows it, in one query (selectors.bell_for)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notification_bell": SimpleLazyObject(lambda: bell_for(user))}
