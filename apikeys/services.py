"""Every state change of API keys and OIDC clients, and the verification of a key (PRODUCT.md §6)."""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit.services as audit
from partners.models import Partner
from pms.errors import Refused
from pms.middleware import current_request_context
from policies.models import Policy, PolicyLink

from . import keys, selectors, usage
from .emails import send_credential_deactivated
from .jwk import parse_public_jwk
from .models import DEACTIVATION_COMMENT_MAX_LENGTH, ApiKey, CredentialStatus, DeactivationReason, OidcClient
from .selectors import KeyToVerify

MODULE = "apikeys"
GRANT_TYPES = ["authorization_code"]
AUTH_METHODS = ["private_key_jwt"]
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


# --- API keys --------------------------------------------------------------------------------------------

def generate_api_key(*, partner, link, label: str, actor) -> tuple[ApiKey, str]:
    """Create a key for an approved link with a label unique among all the partner's keys (§6.1).

    Returns the row and the plaintext key, which exists nowhere else and must be shown once.
    """
    label = " ".join(label.split())
    _check_link_usable(partner, link, "apikeys")
    if not label or len(label) > 36:
        raise Refused("label_length", _("Enter a label of 1 to 36 characters."), field="label")
    label_taken = Refused("label_taken", _("You already have an API key with this label, active or deactivated: a "
                                           "label names one key for good. Choose another label."), field="label")
    if ApiKey.objects.filter(partner=partner, label__iexact=label).exists():
        raise label_taken
    material, now = keys.new_key(), timezone.now()
    try:
        with transaction.atomic():
            key = ApiKey.objects.create(
                partner=partner, link=link, label=label, public_id=material.public_id,
                key_hash=material.key_hash, created_by=actor, created_at=now,
                expires_at=now + timedelta(days=settings.API_KEY_EXPIRY_DAYS))
            _record_generated(key, label, link, actor)
    except IntegrityError:
        raise label_taken from None  # a concurrent request took the label between the check and the insert
    return key, material.plaintext


def _record_generated(key: ApiKey, label: str, link, actor) -> None:
    audit.record(event="api_key_generated", module=MODULE, actor=actor, reference=key,
                 details={"label": label, "prefix": key.prefix, "policy": link.policy.name,
                          "expires_at": key.expires_at.isoformat()})


def deactivate_api_key(*, key: ApiKey, actor, reason: str = DeactivationReason.BY_PARTNER,
                       comment: str = "") -> ApiKey:
    """Deactivate a key for good: there is no way back (§6.1). A partner admin must say why (§8)."""
    comment = _deactivation_comment(reason, comment)
    with transaction.atomic():
        changed = ApiKey.objects.filter(pk=key.pk, status=CredentialStatus.ACTIVE).update(
            status=CredentialStatus.DEACTIVATED, deactivated_at=timezone.now(), deactivation_reason=reason,
            deactivated_by=_user_or_none(actor), deactivation_comment=comment)
        if not changed:
            raise Refused("already_deactivated", _("This API key is already deactivated."))
        key.refresh_from_db()
        audit.record(event="api_key_deactivated", module=MODULE, actor=actor, reference=key,
                     details={"label": key.label, "prefix": key.prefix, "partner_id": key.partner.partner_id,
                              "reason": reason, "comment": comment})
        _tell_partner_if_admin(reason, "api_key", key.pk)
    return key


def _deactivation_comment(reason: str, comment: str) -> str:
    """The reason a partner admin gives is what the partner reads, so it must be there and fit."""
    comment = comment.strip()
    if reason == DeactivationReason.BY_ADMIN and not comment:
        raise Refused("reason_required", _("Give the reason for the deactivation: the partner will see it."),
                      field="reason")
    if len(comment) > DEACTIVATION_COMMENT_MAX_LENGTH:
        raise Refused("reason_length", _("Keep the reason to %(max)d characters or fewer.")
                      % {"max": DEACTIVATION_COMMENT_MAX_LENGTH}, field="reason")
    return comment


def _tell_partner_if_admin(reason: str, kind: str, pk: int) -> None:
    # After the commit, and robust: a mail server that fails must not undo or hide the deactivation.
    if reason == DeactivationReason.BY_ADMIN:
        transaction.on_commit(lambda: send_credential_deactivated(kind=kind, credential_id=pk), robust=True)


def _user_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def deactivate_expired_api_keys(*, now=None, dry_run: bool = False) -> int:
    """Deactivate every active key past its expiry, once each even if two workers run this (§6.1).

    With `dry_run`, only count them.
    """
    now = now or timezone.now()
    expired = ApiKey.objects.filter(status=CredentialStatus.ACTIVE, expires_at__lte=now)
    if dry_run:
        return expired.count()
    done = 0
    for key in expired.iterator():
        with transaction.atomic():
            changed = ApiKey.objects.filter(pk=key.pk, status=CredentialStatus.ACTIVE).update(
                status=CredentialStatus.DEACTIVATED, deactivated_at=now,
                deactivation_reason=DeactivationReason.EXPIRED)
            if changed:
                audit.record(event="api_key_expired", module=MODULE, reference=key,
                             details={"label": key.label, "prefix": key.prefix,
                                      "expired_at": key.expires_at.isoformat()})
                done += 1
    return done


@dataclass(frozen=True)
class Verification:
    valid: bool
    key: KeyToVerify | None = None
    reason: str = ""  # for the audit trail only; callers of the API never see it


def verify_api_key(*, plaintext: str, partner_id: str = "") -> Verification:
    """Is this key usable right now? One indexed lookup and a constant-time comparison (§6.1).

    The statuses of key, partner, link and policy are read live on every call (nothing about validity is
    cached). Usage is counted (Redis, flushed in batches; one upsert without Redis) and refusals aggregated
    per client and reason: no audit event per call.
    """
    public_id = keys.public_id_of(plaintext)
    candidate = keys.key_hash(plaintext)  # computed for unknown keys too, so timing tells nothing
    key = selectors.key_to_verify(public_id=public_id, key_hash=candidate)
    reason = _refusal_reason(key, candidate, partner_id)
    if reason:
        usage.record_failure(key_pk=key.pk if reason != "unknown_key" else None, reason=reason,
                             client_ip=current_request_context().client_ip,
                             prefix=f"{keys.SCHEME}_{public_id}" if public_id else "")
        return Verification(valid=False, reason=reason)
    usage.record_success(key.pk)
    return Verification(valid=True, key=key)


def _refusal_reason(key: KeyToVerify | None, candidate: str, partner_id: str) -> str:
    if key is None or not keys.hashes_match(key.key_hash, candidate):
        return "unknown_key"
    checks = [
        (key.status != CredentialStatus.ACTIVE, "key_deactivated"),
        (key.expires_at <= timezone.now(), "key_expired"),
        (key.partner_status != Partner.Status.ACTIVE, "partner_deactivated"),
        (key.link_status != PolicyLink.Status.APPROVED, "link_not_approved"),
        (key.policy_status != Policy.Status.PUBLISHED, "policy_not_published"),
        (bool(partner_id) and partner_id != key.partner_id, "partner_mismatch"),
    ]
    return next((code for failed, code in checks if failed), "")


# --- OIDC clients ----------------------------------------------------------------------------------------

def create_oidc_client(*, partner, link, name: str, public_key: str, redirect_uris: list[str], logo_uri: str,
                       grant_types: list[str], auth_methods: list[str], actor) -> OidcClient:
    """Register an OIDC client for an approved link; its ID is the thumbprint of its public key (§6.2)."""
    _check_link_usable(partner, link, "oidc")
    jwk = parse_public_jwk(public_key)
    values = _client_values(name=name, redirect_uris=redirect_uris, logo_uri=logo_uri)
    _check_choices(grant_types, GRANT_TYPES, "grant_types", _("Choose the grant type authorization_code."))
    _check_choices(auth_methods, AUTH_METHODS, "auth_methods",
                   _("Choose the client authentication method private_key_jwt."))
    with transaction.atomic():
        if OidcClient.objects.filter(client_id=jwk.client_id).exists():
            raise Refused("jwk_in_use", _("This public key is already used by another OIDC client. Each client "
                                          "needs its own key pair."), field="public_key")
        client = OidcClient.objects.create(
            partner=partner, link=link, client_id=jwk.client_id, public_key=jwk.jwk, key_size=jwk.key_size,
            grant_types=grant_types, auth_methods=auth_methods, created_by=actor, **values)
        audit.record(event="oidc_client_created", module=MODULE, actor=actor, reference=client,
                     details={"name": client.name, "client_id": client.client_id, "policy": link.policy.name})
    return client


def update_oidc_client(*, client: OidcClient, name: str, logo_uri: str, redirect_uris: list[str],
                       actor) -> OidcClient:
    """Change a client's name, logo and redirect URIs; its key and ID stay (§6.2)."""
    if client.status != CredentialStatus.ACTIVE:
        raise Refused("client_deactivated", _("A deactivated OIDC client cannot be edited."))
    values = _client_values(name=name, redirect_uris=redirect_uris, logo_uri=logo_uri)
    with transaction.atomic():
        changed = [field for field, value in values.items() if getattr(client, field) != value]
        for field, value in values.items():
            setattr(client, field, value)
        client.save(update_fields=[*values, "updated_at"])
        audit.record(event="oidc_client_updated", module=MODULE, actor=actor, reference=client,
                     details={"fields": changed})
    return client


def deactivate_oidc_client(*, client: OidcClient, actor, reason: str = DeactivationReason.BY_PARTNER,
                           comment: str = "") -> OidcClient:
    """Deactivate a client for good (§6.2); a partner admin must say why, and the partner reads it (§8)."""
    comment = _deactivation_comment(reason, comment)
    with transaction.atomic():
        changed = OidcClient.objects.filter(pk=client.pk, status=CredentialStatus.ACTIVE).update(
            status=CredentialStatus.DEACTIVATED, deactivated_at=timezone.now(), deactivation_reason=reason,
            deactivated_by=_user_or_none(actor), deactivation_comment=comment)
        if not changed:
            raise Refused("already_deactivated", _("This OIDC client is already deactivated."))
        client.refresh_from_db()
        audit.record(event="oidc_client_deactivated", module=MODULE, actor=actor, reference=client,
                     details={"name": client.name, "client_id": client.client_id,
                              "partner_id": client.partner.partner_id, "reason": reason, "comment": comment})
        _tell_partner_if_admin(reason, "oidc_client", client.pk)
    return client


def clean_redirect_uri(uri: str) -> str:
    """https only, except http on localhost (for development); absolute, without a fragment."""
    uri = uri.strip()
    parts = urlsplit(uri)
    secure = parts.scheme == "https" and parts.hostname
    local = parts.scheme == "http" and parts.hostname in _LOCAL_HOSTS
    if len(uri) > 500 or not (secure or local) or parts.fragment or parts.username:
        raise Refused("redirect_uri", _("%(uri)s is not allowed: redirect URIs must be absolute https URLs "
                                        "without a fragment (http is allowed only for localhost).") % {"uri": uri},
                      field="redirect_uris")
    return uri


def _client_values(*, name: str, redirect_uris: list[str], logo_uri: str) -> dict:
    name = " ".join(name.split())
    if not name or len(name) > 100:
        raise Refused("name_length", _("Enter a name of 1 to 100 characters."), field="name")
    uris = list(dict.fromkeys(clean_redirect_uri(uri) for uri in redirect_uris if uri.strip()))
    if not uris:
        raise Refused("redirect_uri_missing", _("Enter at least one redirect URI."), field="redirect_uris")
    if len(uris) > 10:
        raise Refused("redirect_uri_count", _("Enter at most 10 redirect URIs."), field="redirect_uris")
    logo = logo_uri.strip()
    parts = urlsplit(logo)
    if parts.scheme != "https" or not parts.hostname or len(logo) > 500:
        raise Refused("logo_uri", _("The logo URI must be an absolute https URL."), field="logo_uri")
    return {"name": name, "redirect_uris": uris, "logo_uri": logo}


def _check_choices(chosen: list[str], allowed: list[str], field: str, message) -> None:
    if not chosen or not set(chosen) <= set(allowed):
        raise Refused(f"{field}_invalid", message, field=field)


def _check_link_usable(partner, link, feature: str) -> None:
    if not partner.is_active or not partner.partner_type.has_feature(feature):
        raise Refused("not_allowed", _("Your partner type cannot create this credential."))
    if link.partner_id != partner.pk or link.status != "approved" or link.policy.status != "published":
        raise Refused("link_not_approved", _("Credentials can be created only for an approved policy."),
                      field="link")
