"""Audited changes of concurrent requests do not wait for each other (issue 12), on PostgreSQL."""

import threading

import pytest
from django.db import connection, transaction

from audit import services as audit
from tests.conftest import require_postgresql

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _in_thread(target, *args) -> threading.Thread:
    def run():
        try:
            target(*args)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _slow_change(started: threading.Event, release: threading.Event) -> None:
    with transaction.atomic():
        audit.record(event="slow_change", module="tests")
        started.set()
        release.wait(10)


def _quick_change(done: threading.Event) -> None:
    with transaction.atomic():
        audit.record(event="quick_change", module="tests")
    done.set()


def test_an_open_audited_transaction_does_not_hold_up_another_one():
    require_postgresql()
    started, release, done = threading.Event(), threading.Event(), threading.Event()
    slow = _in_thread(_slow_change, started, release)
    assert started.wait(10)
    quick = _in_thread(_quick_change, done)
    try:
        # With a chain head locked for the whole transaction, the quick change would wait for the slow one.
        assert done.wait(10), "the second audited transaction waited for the first one"
    finally:
        release.set()
        slow.join()
        quick.join()
    report = audit.verify_chain()
    assert report.ok and report.checked == 2
