"""The email a partner's users get when a partner admin decides on a policy request (§5)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import PolicyLink


def send_link_decision(*, link_id: int) -> int:
    """Mail each active user of the link's partner in their preferred language; returns how many were sent."""
    link = PolicyLink.objects.select_related("partner", "policy__group",
                                             "decided_by").filter(pk=link_id).first()
    if link is None:
        return 0
    sent = 0
    for user in link.partner.users.filter(is_active=True).exclude(email=""):
        with translation.override(user.language):
            context = {"user": user, "link": link, "partner": link.partner, "policy": link.policy,
                       "url": _absolute(reverse("policies:my_link", args=[link.code]))}
            subject = " ".join(render_to_string("emails/link_decided_subject.txt", context).split())
            message = EmailMultiAlternatives(
                subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
                body=render_to_string("emails/link_decided_body.txt", context), to=[user.email])
            message.attach_alternative(render_to_string("emails/link_decided_body.html", context),
                                       "text/html")
            sent += message.send()
    return sent


def _absolute(path: str) -> str:
    # PMS_PORTAL_URL (e.g. https://partners.example.org) makes the link absolute where it is configured.
    return getattr(settings, "PMS_PORTAL_URL", "").rstrip("/") + path
