"""Audit of authentication events, and the session language at login (PRODUCT.md §2, §10).

Django's auth signals are the only hook for logins made by allauth and by /admin/ alike.
"""

from allauth.account import signals as allauth_signals
from allauth.mfa import signals as mfa_signals
from django.conf import settings
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

import audit.services as audit
from pms.middleware import set_language_cookie

from . import services

LANGUAGE_CHOSEN_SESSION_KEY = "pms_language_chosen"


@receiver(auth_signals.user_logged_in, dispatch_uid="partners.audit_login")
def audit_login(sender, request, user, **kwargs):
    audit.record(event="login_succeeded", module="accounts", actor=user, reference=user)


@receiver(auth_signals.user_login_failed, dispatch_uid="partners.audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    typed = str(credentials.get("username") or credentials.get("email") or "")[:150]
    audit.record(event="login_failed", module="accounts", actor=typed or "anonymous", outcome="failure",
                 details={"login": typed})


@receiver(auth_signals.user_logged_out, dispatch_uid="partners.audit_logout")
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(event="logout", module="accounts", actor=user, reference=user)


@receiver(allauth_signals.user_logged_in, dispatch_uid="partners.session_language")
def session_language(sender, request, response, user, **kwargs):
    """A language picked on the login page becomes the preference; otherwise the preference applies."""
    chosen = request.session.pop(LANGUAGE_CHOSEN_SESSION_KEY, None)
    if chosen in dict(settings.LANGUAGES):
        services.change_language(user=user, language=chosen)
    if response is not None:
        set_language_cookie(response, user.language)


@receiver(mfa_signals.authenticator_added, dispatch_uid="partners.audit_mfa_added")
def audit_second_factor_added(sender, request, user, authenticator, **kwargs):
    audit.record(event="second_factor_added", module="accounts", actor=user, reference=user,
                 details={"type": authenticator.type})


@receiver(mfa_signals.authenticator_removed, dispatch_uid="partners.audit_mfa_removed")
def audit_second_factor_removed(sender, request, user, authenticator, **kwargs):
    audit.record(event="second_factor_removed", module="accounts", actor=user, reference=user,
                 details={"type": authenticator.type})
