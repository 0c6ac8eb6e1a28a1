"""Invitations to the accounts the import created (R5): a link to set a password, in the user's language.

The link is allauth's own password-reset link (the same as "Forgot password"), made absolute with
PMS_PORTAL_URL since a command has no request to build it from. It stays valid PASSWORD_RESET_TIMEOUT seconds
(Django's default: 3 days); running the import again with --invite sends new links to whoever has not set a
password yet.
"""

import logging
from smtplib import SMTPException

from allauth.account import app_settings as allauth_settings
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from partners.models import User

logger = logging.getLogger(__name__)


def send_invitations(*, user_ids: list[int]) -> tuple[int, int]:
    """Mail every active imported user who has no password yet; returns (sent, failed)."""
    sent = failed = 0
    users = User.objects.filter(pk__in=user_ids, is_active=True).select_related("partner").order_by("pk")
    for user in users.iterator(chunk_size=500):
        if user.has_usable_password() or not user.email:
            continue
        try:
            send_invitation(user)
        except (SMTPException, OSError) as error:
            failed += 1
            logger.warning("Invitation to user %s not sent: %s", user.pk, type(error).__name__)
        else:
            sent += 1
    return sent, failed


def invitation_url(user: User) -> str:
    token = allauth_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": token})
    return settings.PMS_PORTAL_URL.rstrip("/") + path


def send_invitation(user: User) -> None:
    with translation.override(user.language):
        context = {"user": user, "partner": user.partner, "url": invitation_url(user),
                   "login_url": settings.PMS_PORTAL_URL.rstrip("/") + reverse("account_login"),
                   "days": max(settings.PASSWORD_RESET_TIMEOUT // 86400, 1)}
        subject = " ".join(render_to_string("emails/mosip_invitation_subject.txt", context).split())
        message = EmailMultiAlternatives(subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
                                         body=render_to_string("emails/mosip_invitation_body.txt", context),
                                         to=[user.email])
        message.attach_alternative(render_to_string("emails/mosip_invitation_body.html", context), "text/html")
        message.send()
