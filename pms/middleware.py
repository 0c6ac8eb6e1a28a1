"""Request-scoped context (request ID, client IP) for logs and the audit trail, and the user's language."""

import contextvars
import ipaddress
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.ipv6 import clean_ipv6_address

from .memo import prefetch, request_scope

_REQUEST_ID_OK = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    client_ip: str | None = None


_NO_REQUEST = RequestContext()
_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("pms_request_context", default=None)


def current_request_context() -> RequestContext:
    return _current.get() or _NO_REQUEST


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or the first X-Forwarded-For hop when a trusted proxy sets it; None if malformed."""
    candidate = request.META.get("REMOTE_ADDR", "")
    if settings.PMS_TRUST_X_FORWARDED_FOR and request.META.get("HTTP_X_FORWARDED_FOR"):
        candidate = request.META["HTTP_X_FORWARDED_FOR"].split(",")[0].strip()
    try:
        return clean_ip(candidate)
    except ValueError:
        return None


def clean_ip(value: str) -> str:
    """The form the database stores, so that what is hashed is what is read back."""
    address = ipaddress.ip_address(value)
    return clean_ipv6_address(value) if address.version == 6 else str(address)


class RequestIdMiddleware:
    """Gives every request an ID (a well-formed incoming X-Request-ID is kept) and echoes it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = incoming if _REQUEST_ID_OK.match(incoming) else uuid.uuid4().hex
        token = _current.set(RequestContext(request.request_id, client_ip(request)))
        try:
            with request_scope():
                response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class UserLanguageMiddleware:
    """A logged-in user without a language cookie gets the portal in their preferred language.

    Runs after AuthenticationMiddleware; the language switcher and login keep cookie and
    preference equal, so this only matters when the cookie is gone (new browser, cleared cookies).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        adopt = (
            user is not None and user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user.language in dict(settings.LANGUAGES)
        )
        if adopt:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        response = self.get_response(request)
        if adopt:
            set_language_cookie(response, user.language)
        return response


def set_language_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language,
        max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


# Functions (request → cache keys) that name what every page of a logged-in user reads from the shared cache (the
# notification bell): apps add theirs in `ready()`; PrefetchMiddleware announces them to pms.memo.
PREFETCHERS: list = []


class PrefetchMiddleware:
    """Announces the cache entries every page will read (PREFETCHERS), so that the page's first cache read fetches
    them with its own in one round trip (pms.memo). Runs after AuthenticationMiddleware: the keys name the user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET":
            for prefetcher in PREFETCHERS:
                prefetch(*prefetcher(request))
        return self.get_response(request)
