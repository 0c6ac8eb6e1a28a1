from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import ApiKey, CredentialStatus, OidcClient

_CREDENTIAL_RELATED = ("link__policy__group", "partner")


def partner_api_keys(*, partner, status: str = "", policy: str = "", search: str = "") -> QuerySet[ApiKey]:
    """The partner's keys, newest first, narrowed by the list's filters (status as the user sees it)."""
    keys = ApiKey.objects.select_related(*_CREDENTIAL_RELATED).filter(partner=partner)
    now = timezone.now()
    if status == "active":
        keys = keys.filter(status=CredentialStatus.ACTIVE, expires_at__gt=now)
    elif status == "expired":
        keys = keys.filter(status=CredentialStatus.ACTIVE, expires_at__lte=now)
    elif status == "deactivated":
        keys = keys.filter(status=CredentialStatus.DEACTIVATED)
    if policy:
        keys = keys.filter(link__policy__code=policy)
    if search:
        keys = keys.filter(Q(label__icontains=search) | Q(public_id__icontains=search.removeprefix("pms_")))
    return keys.order_by("-created_at", "-id")


def get_own_api_key(*, partner, code) -> ApiKey:
    return get_object_or_404(ApiKey.objects.select_related(*_CREDENTIAL_RELATED), partner=partner, code=code)


def partner_oidc_clients(*, partner, status: str = "") -> QuerySet[OidcClient]:
    clients = OidcClient.objects.select_related(*_CREDENTIAL_RELATED).filter(partner=partner)
    if status:
        clients = clients.filter(status=status)
    return clients.order_by("-created_at", "-id")


def get_own_oidc_client(*, partner, code) -> OidcClient:
    return get_object_or_404(OidcClient.objects.select_related(*_CREDENTIAL_RELATED), partner=partner, code=code)


def effective_status(credential) -> str:
    """What the partner should read: a key can be active in its row yet unusable through its link or expiry."""
    if credential.status != CredentialStatus.ACTIVE:
        return "deactivated"
    if isinstance(credential, ApiKey) and credential.is_expired:
        return "expired"
    if credential.link.status != "approved" or not credential.partner.is_active:
        return "suspended"
    return "active"


def expiring_api_keys(*, after, before) -> QuerySet[ApiKey]:
    """Active keys of active partners whose expiry is in (after, before] (§9)."""
    return ApiKey.objects.filter(status=CredentialStatus.ACTIVE, partner__status="active",
                                 expires_at__gt=after, expires_at__lte=before)


def has_credentials(partner) -> bool:
    return (ApiKey.objects.filter(partner=partner, status=CredentialStatus.ACTIVE).exists()
            or OidcClient.objects.filter(partner=partner, status=CredentialStatus.ACTIVE).exists())
