"""The email a partner's users get when a partner admin deactivates one of its credentials (PRODUCT.md §8)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import ApiKey, OidcClient

_KINDS = {"api_key": (ApiKey, "apikeys:detail"), "oidc_client": (OidcClient, "apikeys:client_detail")}


def send_credential_deactivated(*, kind: str, credential_id: int) -> int:
    """Mail each active user of the partner in their preferred language; returns how many were sent."""
    model, url_name = _KINDS[kind]
    credential = model.objects.select_related("partner", "link__policy").filter(pk=credential_id).first()
    if credential is None:
        return 0
    sent = 0
    for user in credential.partner.users.filter(is_active=True).exclude(email=""):
        with translation.override(user.language):
            context = {"user": user, "credential": credential, "is_key": kind == "api_key",
                       "partner": credential.partner, "policy": credential.link.policy,
                       "url": _absolute(reverse(url_name, args=[credential.code]))}
            subject = " ".join(render_to_string("emails/credential_deactivated_subject.txt", context).split())
            message = EmailMultiAlternatives(
                subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
                body=render_to_string("emails/credential_deactivated_body.txt", context), to=[user.email])
            message.attach_alternative(render_to_string("emails/credential_deactivated_body.html", context),
                                       "text/html")
            sent += message.send()
    return sent


def _absolute(path: str) -> str:
    # PMS_PORTAL_URL (e.g. https://partners.example.org) makes the link absolute where it is configured.
    return getattr(settings, "PMS_PORTAL_URL", "").rstrip("/") + path
