from celery import shared_task

from .services import deactivate_expired_api_keys


@shared_task
def deactivate_expired_api_keys_task() -> int:
    return deactivate_expired_api_keys()
