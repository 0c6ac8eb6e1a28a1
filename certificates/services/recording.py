"""Audit helpers shared by the certificate services."""

import audit.services as audit
from audit.models import Outcome
from pms.errors import Refused

MODULE = "certificates"


def record_download(*, actor, reference, artifact: str) -> None:
    """Downloads of certificates (never of keys) are audit events."""
    audit.record(event="certificate_downloaded", module=MODULE, actor=actor, reference=reference,
                 details={"artifact": artifact})


def record_refusal(event: str, refusal: Refused, *, actor, details: dict) -> None:
    """Called outside the rolled-back transaction, so that a refused upload stays in the audit trail."""
    audit.record(event=event, module=MODULE, actor=actor, outcome=Outcome.FAILURE,
                 details={**details, "reason": refusal.code})


def user_or_none(actor):
    """The actor as a user for a foreign key; commands pass None or a label."""
    return actor if actor is not None and not isinstance(actor, str) else None
