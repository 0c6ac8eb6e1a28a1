"""What the notifications app adds to the shell: the labels of its audit events, and a demo run, so that the
demo's partner admin finds this week's summary under the bell (the bell itself is in every page's top bar)."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from audit.labels import register_audit_labels
from pms.portal import register_demo_data

from .models import Kind


def register() -> None:
    register_audit_labels(module="notifications", label=_("Notifications"), events={
        "notification_created": _("Notification created"), "notification_email_sent": _("Notification email sent"),
        "notification_email_failed": _("Notification email failed"), "notification_read": _("Notification read"),
        "notification_dismissed": _("Notification dismissed"),
        "notifications_all_read": _("All notifications marked as read"),
        "notifications_purged": _("Old notifications deleted"),
    }, details={
        "notification_id": _("Notification ID"), "channel": _("Channel"), "recipient_id": _("Recipient ID"),
        "item": _("Item"), "item_name": _("Item name"), "days_before": _("Days before expiry"),
        "expires_at": _("Expires"), "week_of": _("Week of"), "attempts": _("Attempts"), "error": _("Error"),
        "count": _("Count"), "older_than_days": _("Older than (days)"), "before": _("Created before"),
    }, values={
        **{("type", kind.value): kind.label for kind in Kind},
        ("channel", "portal"): _("Portal"), ("channel", "email"): _("Email"),
    })
    register_demo_data(load_demo_notifications, order=90)


def load_demo_notifications(stdout, reset_passwords: bool = False) -> list:
    """After the other apps' demo rows are committed, run today's sweep and weekly summary once."""
    def run() -> None:
        from . import services

        report = services.send_due_expiry_notifications()
        report.add(services.send_weekly_summary())
        stdout.write(f"Expiry notifications: {report}")

    transaction.on_commit(run)
    return []
