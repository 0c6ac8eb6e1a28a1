"""Email backends that fail, standing in for an SMTP server that is down (Django's backend interface)."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend

failures_left = {"count": 0}


class FailingBackend(EmailBackend):
    """Every send fails, as when the mail server refuses connections."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class FlakyBackend(EmailBackend):
    """Fails `failures_left["count"]` times, then delivers to the locmem outbox."""

    def send_messages(self, messages):
        if failures_left["count"] > 0:
            failures_left["count"] -= 1
            raise ConnectionRefusedError("mail server not ready")
        return super().send_messages(messages)
