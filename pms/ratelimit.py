"""A fixed-window rate limiter for JSON APIs: on Redis (production) one pipelined round trip per hit; on the
cache otherwise (development without Redis)."""

import logging
import time

from django.conf import settings
from django.core.cache import cache

from . import redisclient

logger = logging.getLogger(__name__)
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
    hits = _hit_in_redis(bucket, window) if settings.REDIS_URL else _hit_in_cache(bucket, window)
    return hits > limit


def _hit_in_redis(bucket: str, window: int) -> int:
    try:
        hits, _expiry = redisclient.client(settings.REDIS_URL).pipeline(transaction=False).incr(
            f"pms:{bucket}").expire(f"pms:{bucket}", window + 1).execute()
    except redisclient.errors() as error:
        # Redis down: the API stays up without its limit (the authentication service must keep working), loudly.
        logger.error("Rate limit %s not applied: Redis unreachable (%s)", bucket, type(error).__name__)
        return 0
    return hits


def _hit_in_cache(bucket: str, window: int) -> int:
    cache.add(bucket, 0, timeout=window + 1)
    try:
        return cache.incr(bucket)
    except ValueError:  # the bucket expired between add and incr
        cache.add(bucket, 1, timeout=window + 1)
        return 1
