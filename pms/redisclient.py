"""One Redis client per URL and process, for the hot paths that talk to Redis directly (rate limits, counters).

Django's cache goes through pickling and, for a counter, two round trips (add, then incr); a pipeline of
raw commands is one. Short timeouts: an unreachable Redis must not hold a request for long.
"""

from functools import lru_cache


@lru_cache(maxsize=4)
def client(url: str):
    import redis

    return redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1, health_check_interval=30)


def errors() -> tuple[type[Exception], ...]:
    """What an unreachable or overloaded Redis raises."""
    import redis

    return (redis.ConnectionError, redis.TimeoutError)
