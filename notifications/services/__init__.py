"""Every state change of the notifications app (PRODUCT.md §9): the sweep, the weekly summary, emails, the
reader's actions and the retention purge."""

from .claims import Report
from .emails import deliver_email, queue_emails, retry_delay
from .inbox import dismiss, mark_all_read, mark_read, purge_notifications
from .summary import send_weekly_summary
from .sweep import send_due_expiry_notifications

__all__ = [
    "Report", "deliver_email", "dismiss", "mark_all_read", "mark_read", "purge_notifications", "queue_emails",
    "retry_delay", "send_due_expiry_notifications", "send_weekly_summary",
]
