"""What readers do with their notices (PRODUCT.md §9): mark read, dismiss, mark all read; and the retention
purge. Each state change is audited."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

import audit.services as audit

from .. import bell
from ..models import Notification
from .claims import MODULE


def mark_read(*, notice: Notification, actor) -> Notification:
    with transaction.atomic():
        if Notification.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now()):
            audit.record(event="notification_read", module=MODULE, actor=actor, reference=notice,
                         details={"notification_id": str(notice.code), "type": notice.kind})
            bell.forget([notice.recipient_id])
    notice.refresh_from_db()
    return notice


def dismiss(*, notice: Notification, actor) -> Notification:
    """Hide the notice from the bell and the list; a dismissed notice also counts as read."""
    now = timezone.now()
    with transaction.atomic():
        changed = Notification.objects.filter(pk=notice.pk, dismissed_at__isnull=True).update(
            dismissed_at=now, read_at=Coalesce(F("read_at"), Value(now)))
        if changed:
            audit.record(event="notification_dismissed", module=MODULE, actor=actor, reference=notice,
                         details={"notification_id": str(notice.code), "type": notice.kind})
            bell.forget([notice.recipient_id])
    notice.refresh_from_db()
    return notice


def mark_all_read(*, user, actor) -> int:
    with transaction.atomic():
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
        if count:
            audit.record(event="notifications_all_read", module=MODULE, actor=actor, details={"count": count})
            bell.forget([user.pk])
    return count


def purge_notifications(*, older_than_days: int | None = None, now: dt.datetime | None = None,
                        dry_run: bool = False) -> int:
    """Delete the notices created more than `older_than_days` (60 by default) days ago (§9 retention).

    Emails still waiting are not kept alive by this: a notice that old is long past its item's expiry.
    """
    days = older_than_days if older_than_days is not None else settings.PMS_NOTIFICATION_RETENTION_DAYS
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    old = Notification.objects.filter(created_at__lt=cutoff)
    if dry_run:
        return old.count()
    with transaction.atomic():
        bell.forget(old.order_by().values_list("recipient_id", flat=True).distinct())
        count, _ = old.delete()
        if count:
            audit.record(event="notifications_purged", module=MODULE,
                         details={"count": count, "older_than_days": days, "before": cutoff})
    return count
