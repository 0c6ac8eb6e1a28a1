from celery import shared_task

from . import usage
from .services import deactivate_expired_api_keys


@shared_task
def deactivate_expired_api_keys_task() -> int:
    return deactivate_expired_api_keys()


@shared_task
def flush_api_key_usage_task() -> int:
    """The verify API's usage counters, from Redis to the database (apikeys/usage.py)."""
    return usage.flush()
