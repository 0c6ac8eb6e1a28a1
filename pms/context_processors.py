from django.conf import settings

from .portal import features_for_request


def portal(request):
    """Navigation for the logged-in user and the language list for the switcher (every page has both)."""
    nav = features_for_request(request) if hasattr(request, "user") else []
    return {"nav_features": nav, "portal_languages": settings.LANGUAGES}
