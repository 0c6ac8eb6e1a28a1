"""Addresses of one row's pages, for lists that show one or more per row (issue 12).

`reverse()` walks the URL resolver on every call (tens of microseconds); a list of 25 rows with three links
each spent milliseconds there. Every such page is addressed by the row's UUID (`<uuid:code>`), so the address
is reversed once per URL name with a sample UUID and the row's code put in its place. A code that is not a
UUID raises ValueError, as the `uuid` converter would refuse it.
"""

import uuid
from functools import lru_cache

from django.urls import NoReverseMatch, get_script_prefix, reverse

_SAMPLE = uuid.UUID("0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9")


@lru_cache(maxsize=512)
def _around(script_prefix: str, name: str) -> tuple[str, str]:
    url = reverse(name, kwargs={"code": _SAMPLE})
    before, sample, after = url.partition(str(_SAMPLE))
    if not sample or str(_SAMPLE) in after:
        raise NoReverseMatch(f"{name} is not addressed by one UUID code")
    return before, after


def code_url(name: str, code) -> str:
    """reverse(name, kwargs={"code": code}) for URL patterns `…/<uuid:code>/…`."""
    code = code if isinstance(code, uuid.UUID) else uuid.UUID(str(code))
    before, after = _around(get_script_prefix(), name)
    return f"{before}{code}{after}"
