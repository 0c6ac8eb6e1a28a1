"""Where the portal answers, for the links that emails and background jobs send (PMS_PORTAL_URL).

In development the address follows `./dev.sh run --addr HOST:PORT` (runportal hands PMS_ADDR to the web
server, the worker and beat), so a decision email links to the port the portal really listens on. In
production PMS_PORTAL_URL is required and checked when the settings load: an absolute http(s) origin, https
where the portal redirects to https, and one of ALLOWED_HOSTS, so a typo stops the start instead of sending
links that lead nowhere. Pure functions: the settings module calls them before Django is set up.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.http import is_same_domain

DEFAULT_ADDR = "127.0.0.1:8000"
_ANY_IPV4, _ANY_IPV6 = {"", "0", "0.0.0.0"}, {"[::]"}


def address_url(addr: str) -> str:
    """The URL a browser on this machine uses for a server started with `runserver ADDR`."""
    host, _colon, port = addr.strip().rpartition(":")  # "8101" alone gives no host: runserver's own default
    if host in _ANY_IPV4:
        host = "127.0.0.1"
    elif host in _ANY_IPV6:
        host = "[::1]"
    return f"http://{host}:{port}"


def portal_url(value: str, *, debug: bool, addr: str, allowed_hosts: list[str], https_only: bool) -> str:
    """PMS_PORTAL_URL checked and without its trailing slash; in development, the address's URL when unset."""
    value = value.strip()
    if not value:
        if debug:
            return address_url(addr or DEFAULT_ADDR)
        raise ImproperlyConfigured(
            "Set PMS_PORTAL_URL to the portal's public address (e.g. https://partners.example.org) when DEBUG is "
            "off: emails link to it.")
    parts = urlsplit(value)
    problem = _problem(parts, https_only=https_only and not debug, allowed_hosts=allowed_hosts)
    if problem:
        raise ImproperlyConfigured(f"PMS_PORTAL_URL={value!r} {problem}")
    return f"{parts.scheme}://{parts.netloc}"


def _problem(parts, *, https_only: bool, allowed_hosts: list[str]) -> str:
    try:
        hostname = parts.hostname
        parts.port  # noqa: B018 (a malformed port raises here)
    except ValueError:
        return "has a malformed host or port."
    if parts.scheme not in ("http", "https") or not hostname:
        return "must be an absolute http or https URL, e.g. https://partners.example.org."
    if parts.username or parts.password or parts.query or parts.fragment or parts.path not in ("", "/"):
        return "must be the portal's origin only: no path, query, fragment or credentials."
    if https_only and parts.scheme != "https":
        return "must use https: the portal redirects http to https (SECURE_SSL_REDIRECT)."
    host = f"[{hostname}]" if ":" in hostname else hostname
    if allowed_hosts and not any(pattern == "*" or is_same_domain(host, pattern) for pattern in allowed_hosts):
        return f"names the host {hostname!r}, which is not in ALLOWED_HOSTS: the portal would refuse its own links."
    return ""
