"""The worker/beat path: the schedule names real tasks, and a real worker runs them over a real broker."""

import contextlib
import datetime as dt
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from pms.celery import app
from pms.tasks import purge_expired_sessions_task


def make_sessions():
    now = timezone.now()
    Session.objects.create(session_key="expired", session_data="x", expire_date=now - dt.timedelta(days=1))
    Session.objects.create(session_key="current", session_data="x", expire_date=now + dt.timedelta(days=1))


def wait_until(condition, timeout=60.0):  # generous: a loaded CI machine starts a worker slowly
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def real_broker():
    """Point the Celery app at a broker for one test, with a worker thread consuming from it."""
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "broker_transport_options")}

    def start(url, options=None, *, worker=True):
        """With `worker=False`, tasks are only sent to the broker (for a later `start(url)` to consume them)."""
        app.conf.update(broker_url=url, task_always_eager=False, broker_transport_options=options or {})
        _reset_connections()
        if not worker:
            return contextlib.nullcontext()
        return start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10, loglevel="WARNING")

    yield start
    app.conf.update(saved)
    _reset_connections()


def _reset_connections():
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    pools.reset()  # kombu keeps producer pools per broker URL; a closed one must not be reused


@pytest.mark.django_db
def test_purge_job_deletes_only_expired_sessions():
    make_sessions()
    assert purge_expired_sessions_task.delay().get() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current"]


def test_every_scheduled_job_is_a_registered_task():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_runs_the_job_sent_through_redis(real_broker, redis_url):
    make_sessions()
    with real_broker(redis_url):
        purge_expired_sessions_task.delay()
        assert wait_until(lambda: not Session.objects.filter(session_key="expired").exists())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_runs_the_job_sent_through_the_default_filesystem_broker(real_broker, tmp_path):
    make_sessions()
    folder = str(tmp_path)
    options = {"data_folder_in": folder, "data_folder_out": folder, "control_folder": folder + "/control"}
    with real_broker("filesystem://", options):
        purge_expired_sessions_task.delay()
        assert wait_until(lambda: not Session.objects.filter(session_key="expired").exists())
