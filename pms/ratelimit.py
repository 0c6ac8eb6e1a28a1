"""A fixed-window rate limiter on the shared cache (Redis in production), for JSON APIs."""

import time

from django.core.cache import cache

_UNITS = {"s": 1, "m": 60, "h": 3600}


def parse_rate(rate: str) -> tuple[int, int]:
    """"600/m" → (600, 60). An empty rate or "0/…" means no limit."""
    if not rate:
        return 0, 1
    count, _slash, unit = rate.partition("/")
    return int(count), _UNITS[unit.strip() or "m"]


def is_limited(scope: str, key: str, rate: str) -> bool:
    """Count one hit for `key` in the current window; True once the window's allowance is used up."""
    limit, window = parse_rate(rate)
    if limit <= 0:
        return False
    bucket = f"ratelimit:{scope}:{key}:{int(time.time() // window)}"
    cache.add(bucket, 0, timeout=window + 1)
    try:
        hits = cache.incr(bucket)
    except ValueError:  # the bucket expired between add and incr
        cache.add(bucket, 1, timeout=window + 1)
        hits = 1
    return hits > limit
