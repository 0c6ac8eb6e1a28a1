"""Exactly once under concurrency (PRODUCT.md §9): two workers running the sweep at the same moment on
PostgreSQL, each with its own connection, create and send each notice once."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection, connections

from audit.services import verify_chain
from notifications import services
from notifications.models import Notification
from tests.factories import make_partner_admin

from .factories import START, api_key, auth_partner_user, ca_certificate, partner_certificate, run_at

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.services]


def run_together(function, workers: int = 2) -> list:
    """`function()` in `workers` threads released at the same instant; their results (or exceptions)."""
    barrier, results = threading.Barrier(workers), []

    def work():
        try:
            barrier.wait()
            results.append(function())
        except Exception as error:  # noqa: BLE001 (reported to the test)
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.fixture
def expiring_items():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (CI runs it)")
    for number in range(3):
        make_partner_admin(username=f"admin{number}")
    owners = [auth_partner_user(username=f"owner{number}") for number in range(20)]
    for days, owner in enumerate(owners):
        expires = START + dt.timedelta(days=days % 12, hours=3)
        api_key(partner=owner.partner, expires_at=expires, created_by=owner)
        partner_certificate(partner=owner.partner, expires_at=expires, uploaded_by=owner)
        ca_certificate(expires_at=expires)
    return 20 * 2 + 20 * 3  # partner notices + CA notices for three admins


def test_two_workers_sweeping_at_the_same_moment_send_each_notice_once(expiring_items):
    results = run_together(lambda: run_at(START))

    assert not [result for result in results if isinstance(result, Exception)], results
    assert sum(result.notices for result in results) == expiring_items
    assert Notification.objects.count() == expiring_items
    assert len(mail.outbox) == expiring_items
    assert sum(result.emails for result in results) == expiring_items
    assert verify_chain().ok


def test_two_workers_sending_the_weekly_summary_at_once_send_it_once(expiring_items):
    results = run_together(lambda: services.send_weekly_summary(now=START))

    assert not [result for result in results if isinstance(result, Exception)], results
    assert sum(result.notices for result in results) == 3
    assert Notification.objects.filter(kind="weekly_summary").count() == 3
