from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import ApiKey, CredentialStatus, OidcClient

_CREDENTIAL_RELATED = ("link__policy__group", "partner")
# What credential lists and pages never show: the policy document can weigh kilobytes per row.
_CREDENTIAL_DEFERRED = ("link__policy__document", "link__policy__description", "link__policy__group__description",
                        "link__purpose", "link__comment", "link__deactivation_reason", "partner__address",
                        "partner__phone_number")


def partner_api_keys(*, partner, status: str = "", policy: str = "", search: str = "") -> QuerySet[ApiKey]:
    """The partner's keys, newest first, narrowed by the list's filters (status as the user sees it)."""
    keys = ApiKey.objects.select_related(*_CREDENTIAL_RELATED).defer(*_CREDENTIAL_DEFERRED).filter(partner=partner)
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
    clients = (OidcClient.objects.select_related(*_CREDENTIAL_RELATED).defer(*_CREDENTIAL_DEFERRED)
               .filter(partner=partner))
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


def has_credentials(partner) -> bool:
    return (ApiKey.objects.filter(partner=partner, status=CredentialStatus.ACTIVE).exists()
            or OidcClient.objects.filter(partner=partner, status=CredentialStatus.ACTIVE).exists())


@dataclass(frozen=True)
class UsageSummary:
    last_used_at: object
    days: list  # (day, calls, failures), newest first, one entry for every day of the window
    calls: int
    failures: int


def key_usage(key: ApiKey, *, days: int = 14, today: date | None = None) -> UsageSummary:
    """What the partner sees on the key's page: last use and the calls of the last `days` days."""
    today = today or timezone.now().date()
    first = today - timedelta(days=days - 1)
    rows = {row.day: row for row in key.usage.filter(day__gte=first)}
    window = [today - timedelta(days=n) for n in range(days)]
    series = [(day, rows[day].calls if day in rows else 0, rows[day].failures if day in rows else 0)
              for day in window]
    last = key.usage.exclude(last_used_at=None).order_by("-day").values_list("last_used_at", flat=True).first()
    return UsageSummary(last, series, sum(s[1] for s in series), sum(s[2] for s in series))
