"""What the notifications app adds to the shell: a demo run, so that the demo's partner admin finds this
week's summary under the bell (the bell itself is in the top bar of every page)."""

from django.db import transaction

from pms.portal import register_demo_data


def register() -> None:
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
