from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from .portal import run_expiry_jobs


@shared_task
def purge_expired_sessions_task() -> int:
    """Delete expired sessions (what `clearsessions` does), so the session table stays small."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task
def deactivate_expired_task() -> dict[str, int]:
    """Every app's expiry job (API keys, SBIs with their devices…): what `manage.py deactivate_expired` runs."""
    return {job.key: count for job, count in run_expiry_jobs(now=timezone.now())}
