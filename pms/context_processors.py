from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .portal import features_for_request


def portal(request):
    """Navigation for the logged-in user and the language list for the switcher (every page has both).

    The features are computed when a template first asks (the side navigation, the dashboard), not for every
    response rendered with a template (error pages, the reference view of the benchmarks)."""
    nav = SimpleLazyObject(lambda: features_for_request(request)) if hasattr(request, "user") else []
    return {"nav_features": nav, "portal_languages": settings.LANGUAGES}
