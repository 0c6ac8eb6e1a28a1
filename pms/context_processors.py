from django.conf import settings

from .portal import features_for


def portal(request):
    """Navigation for the logged-in user and the language list for the switcher (every page has both)."""
    user = getattr(request, "user", None)
    nav = features_for(user) if user is not None and user.is_authenticated else []
    return {"nav_features": nav, "portal_languages": settings.LANGUAGES}
