import logging

from celery import shared_task

from .services import seal_pending, verify_chain

logger = logging.getLogger(__name__)


@shared_task
def verify_audit_chain_task() -> dict:
    """Periodic tamper check: a broken chain is logged as an error for the operators' alerting."""
    report = verify_chain()
    if not report.ok:
        logger.error("Audit chain broken at event #%s: %s", report.bad_event_pk, report.reason)
    return {"ok": report.ok, "checked": report.checked, "bad_event": report.bad_event_pk}


@shared_task
def seal_audit_chain_task() -> dict:
    """Seal the events that requests committed without sealing (another sealer held the head then)."""
    return {"sealed": seal_pending()}
