"""What every devices service shares: who may act, text clean-up, row locks and the audit module name."""

import re

from django.utils import timezone, translation
from django.utils.translation import gettext as _

import audit.services as audit
from audit.models import Outcome
from certificates.selectors import has_valid_partner_certificate
from pms.errors import Refused

from ..models import AUTO_REJECTIONS, DeactivationReason

MODULE = "devices"
REASON_MAX_LENGTH = 1000
NOTE_MAX_LENGTH = 500
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check_provider(partner, feature: str) -> None:
    """The partner is an active provider of this kind (`sbi` or `ftm`) with a valid partner certificate (§7)."""
    if not partner.is_active or not partner.partner_type.has_feature(feature):
        if feature == "sbi":
            raise Refused("not_a_device_provider", _("Only device providers register SBIs and devices."))
        raise Refused("not_an_ftm_provider", _("Only FTM chip providers register FTM chips."))
    if not has_valid_partner_certificate(partner):
        raise Refused("certificate_required", _("Upload a valid partner certificate first: it is needed before "
                                                "you can register anything here."))


def clean_text(value: str, *, max_length: int, field: str, message) -> str:
    """Whitespace collapsed; `message` refuses an empty, too long or control-character value."""
    text = " ".join(str(value or "").split())
    if not text or len(text) > max_length or _CONTROL.search(text):
        raise Refused(f"{field}_invalid", message, field=field)
    return text


def clean_reason(reason: str) -> str:
    reason = str(reason or "").strip()
    if not reason:
        raise Refused("reason_required", _("Give the reason for the rejection: the provider will see it."),
                      field="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise Refused("reason_too_long", _("The reason can be at most 1000 characters long."), field="reason")
    return reason


def clean_note(note: str) -> str:
    note = str(note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise Refused("note_too_long", _("The note can be at most 500 characters long."), field="note")
    return note


def deactivation_reason(actor, partner) -> str:
    """Who ends the item: its own provider's user, or a partner admin."""
    own = getattr(actor, "partner_id", None) == partner.pk
    return DeactivationReason.BY_PROVIDER if own else DeactivationReason.BY_ADMIN


def lock(instance):
    """Re-read `instance` in place under a row lock (inside the caller's transaction) and return it."""
    instance.refresh_from_db(from_queryset=type(instance)._default_manager.select_for_update(of=("self",)))
    return instance


def decide(item, status: str, actor, comment: str = "") -> None:
    """Record an admin's decision on a locked SBI, device or chip."""
    item.status, item.decided_by, item.decided_at, item.comment = status, user_or_none(actor), timezone.now(), comment
    item.save(update_fields=["status", "decided_by", "decided_at", "comment"])


def end(item, status: str, *, actor, reason: str, note: str = "", now=None) -> None:
    """Deactivate a locked SBI, device or chip (or reject a pending device of a deactivated SBI)."""
    item.status = status
    item.deactivated_by, item.deactivated_at = user_or_none(actor), now or timezone.now()
    item.deactivation_reason, item.deactivation_note = reason, note
    fields = ["status", "deactivated_by", "deactivated_at", "deactivation_reason", "deactivation_note"]
    if status == "rejected":  # stored in English; `shown_comment` translates it for each reader
        with translation.override(None):
            item.comment = str(AUTO_REJECTIONS[reason])
        item.decided_at = item.deactivated_at
        fields += ["comment", "decided_at"]
    item.save(update_fields=fields)


def record(event: str, *, actor, reference, details: dict) -> None:
    audit.record(event=event, module=MODULE, actor=actor, reference=reference, details=details)


def record_refusal(event: str, refusal: Refused, *, actor, details: dict) -> None:
    """Called outside the rolled-back transaction, so that the refused attempt stays in the audit trail."""
    audit.record(event=event, module=MODULE, actor=actor, outcome=Outcome.FAILURE,
                 details={**details, "reason": refusal.code})


def user_or_none(actor):
    """The actor as a user for a foreign key; the scheduler and commands pass None or a label."""
    return actor if actor is not None and not isinstance(actor, str) else None
