"""Reads of API keys and OIDC clients: the partner's own (404 for anyone else's) and every partner's for
the partner admin (PRODUCT.md §6, §8). Related rows are joined here so list pages run a constant number
of queries."""

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Partner
from pms import prepared
from policies.models import Policy, PolicyLink

from . import usage
from .keys import PUBLIC_ID_LENGTH, SCHEME
from .models import ApiKey, CredentialStatus, OidcClient

_KEY_PREFIX = re.compile(rf"^{SCHEME}_([a-z0-9]{{1,{PUBLIC_ID_LENGTH}}})(?:_[A-Za-z0-9_-]*)?$")
_CREDENTIAL_RELATED = ("link__policy__group", "partner")
# What credential lists and pages never show: the policy document can weigh kilobytes per row.
_CREDENTIAL_DEFERRED = ("link__policy__document", "link__policy__description", "link__policy__group__description",
                        "link__purpose", "link__comment", "link__deactivation_reason", "partner__address",
                        "partner__phone_number")
_ADMIN_RELATED = (*_CREDENTIAL_RELATED, "created_by", "deactivated_by")
KEY_SORTS = {
    "-created": ["-created_at", "-id"], "created": ["created_at", "id"],
    "expires": ["expires_at", "id"], "-expires": ["-expires_at", "-id"],
    "partner": ["partner__organization_name", "partner__partner_id", "-created_at", "-id"],
    "label": ["label", "-created_at", "-id"],
}
CLIENT_SORTS = {
    "-created": ["-created_at", "-id"], "created": ["created_at", "id"],
    "partner": ["partner__organization_name", "partner__partner_id", "-created_at", "-id"],
    "name": ["name", "-created_at", "-id"],
}


# --- The partner's own ----------------------------------------------------------------------------------

def partner_api_keys(*, partner) -> QuerySet[ApiKey]:
    """The partner's keys, newest first, with their link, policy and group (the list reads `partner_key_rows`)."""
    return (ApiKey.objects.select_related(*_CREDENTIAL_RELATED).defer(*_CREDENTIAL_DEFERRED).filter(partner=partner)
            .order_by("-created_at", "-id"))


# What a row of the partner's key list shows (apikeys/rows.py): these columns, read as tuples, no models. The
# link's status and policy come from `partner_link_policies`, which the page reads anyway: no join per row, and
# the page's count stays a count of the partner's keys alone.
KEY_ROW_COLUMNS = ("code", "label", "public_id", "legacy", "status", "created_at", "expires_at", "deactivation_reason",
                   "deactivation_comment", "link_id")


class LinkPolicy(NamedTuple):
    code: str  # the policy's
    name: str  # the policy's
    status: str  # the link's


def partner_key_rows(*, partner, status: str = "", policy: str = "", search: str = "") -> QuerySet:
    """`partner_api_keys` as the partner's list reads them: a tuple of KEY_ROW_COLUMNS per key (issue 12)."""
    keys = _with_status(ApiKey.objects.filter(partner=partner), status)
    if policy:
        keys = keys.filter(link__policy__code=policy)
    if search:
        keys = keys.filter(Q(label__icontains=search) | Q(public_id__icontains=search.removeprefix("pms_")))
    return keys.order_by("-created_at", "-id").values_list(*KEY_ROW_COLUMNS)


def partner_link_policies(partner, pks=None) -> dict[int, LinkPolicy]:
    """The policy and status of each of the partner's links (or of those `pks`), by link: the key list's policy
    filter, whether a key can be generated, and its rows' policy and status, without loading models."""
    def links(partner_pk):
        return PolicyLink.objects.filter(partner=partner_pk).order_by().values_list(
            "pk", "policy__code", "policy__name", "status")

    if pks is None:  # every link: a statement compiled once and prepared, the partner bound (pms/prepared.py)
        rows = prepared.fetch_all("apikeys.partner_links", links, value=partner.pk)
    else:
        rows = links(partner.pk).filter(pk__in=pks)
    return {pk: LinkPolicy(str(code), name, status) for pk, code, name, status in rows}


def get_own_api_key(*, partner, code) -> ApiKey:
    return get_object_or_404(ApiKey.objects.select_related(*_CREDENTIAL_RELATED), partner=partner, code=code)


def partner_oidc_clients(*, partner, status: str = "") -> QuerySet[OidcClient]:
    """The partner's clients, newest first; `status` narrows them when it is a known status (else ignored)."""
    clients = (OidcClient.objects.select_related(*_CREDENTIAL_RELATED).defer(*_CREDENTIAL_DEFERRED)
               .filter(partner=partner))
    return _with_status(clients, status).order_by("-created_at", "-id")


def get_own_oidc_client(*, partner, code) -> OidcClient:
    return get_object_or_404(OidcClient.objects.select_related(*_CREDENTIAL_RELATED), partner=partner, code=code)


# --- Every partner's, for the partner admin -------------------------------------------------------------

def api_keys_for_admin(*, search: str = "", partner_id: str = "", policy=None, status: str = "",
                       created_from=None, created_to=None, expires_from=None, expires_to=None,
                       sort: str = "-created") -> QuerySet[ApiKey]:
    """Every partner's keys narrowed by the admin's filters; dates are inclusive days."""
    keys = _admin_filters(ApiKey.objects.select_related(*_CREDENTIAL_RELATED), partner_id=partner_id, policy=policy,
                          status=status, created_from=created_from, created_to=created_to)
    if search:
        keys = keys.filter(_key_search(search))
    if expires_from:
        keys = keys.filter(expires_at__date__gte=expires_from)
    if expires_to:
        keys = keys.filter(expires_at__date__lte=expires_to)
    return keys.order_by(*KEY_SORTS.get(sort, KEY_SORTS["-created"]))


def oidc_clients_for_admin(*, search: str = "", partner_id: str = "", policy=None, status: str = "",
                           created_from=None, created_to=None, sort: str = "-created") -> QuerySet[OidcClient]:
    """Every partner's OIDC clients narrowed by the admin's filters; dates are inclusive days."""
    clients = _admin_filters(OidcClient.objects.select_related(*_CREDENTIAL_RELATED), partner_id=partner_id,
                             policy=policy, status=status, created_from=created_from, created_to=created_to)
    if search:
        clients = clients.filter(Q(name__icontains=search) | Q(client_id__icontains=search) | _partner_search(search))
    return clients.order_by(*CLIENT_SORTS.get(sort, CLIENT_SORTS["-created"]))


def get_api_key_for_admin(*, code) -> ApiKey:
    return _get(ApiKey.objects.select_related(*_ADMIN_RELATED), code)


def get_oidc_client_for_admin(*, code) -> OidcClient:
    return _get(OidcClient.objects.select_related(*_ADMIN_RELATED), code)


def _admin_filters(queryset, *, partner_id, policy, status, created_from, created_to) -> QuerySet:
    queryset = _with_status(queryset, status)
    if partner_id:  # partner IDs are upper case; an exact match uses their unique index
        queryset = queryset.filter(partner__partner_id=partner_id.upper())
    if policy is not None:
        queryset = queryset.filter(link__policy=policy)
    if created_from:
        queryset = queryset.filter(created_at__date__gte=created_from)
    if created_to:
        queryset = queryset.filter(created_at__date__lte=created_to)
    return queryset


def _key_search(search: str) -> Q:
    """A key prefix (or a whole key, pasted from wherever it leaked) can only be one key: find it through the
    index of public ids instead of scanning every label and partner."""
    match = _KEY_PREFIX.match(search)
    if match:
        public_id = match.group(1)
        return Q(public_id=public_id) if len(public_id) == PUBLIC_ID_LENGTH else Q(public_id__startswith=public_id)
    public_id = search.lower().removeprefix(f"{SCHEME}_")
    return Q(label__icontains=search) | Q(public_id__icontains=public_id) | _partner_search(search)


def _partner_search(search: str) -> Q:
    # A subquery on the (much smaller) partner table rather than a filter on every joined credential row.
    partners = Partner.objects.filter(Q(partner_id__icontains=search) | Q(organization_name__icontains=search))
    return Q(partner__in=partners.values("pk"))


def _get(queryset, code):
    try:
        return queryset.get(code=code)
    except (queryset.model.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404 from error


# --- Status as the user reads it -------------------------------------------------------------------------

def _with_status(queryset, status: str) -> QuerySet:
    """Rows whose `effective_status` is `status` (any row for an unknown or empty status)."""
    if status == "deactivated":
        return queryset.filter(status=CredentialStatus.DEACTIVATED)
    live = queryset.filter(status=CredentialStatus.ACTIVE)
    if queryset.model is ApiKey:
        now = timezone.now()
        if status == "expired":
            return live.filter(expires_at__lte=now)
        live = live.filter(expires_at__gt=now)
    usable = Q(link__status="approved", partner__status="active")
    if status == "suspended":
        return live.exclude(usable)
    if status == "active":
        return live.filter(usable)
    return queryset


# The label of each effective status, as apikeys/_status.html shows it (lists set it per row: no include per row).
EFFECTIVE_STATUS_LABELS = {
    "active": _("Active"), "expired": _("Expired"), "suspended": _("Suspended (policy link or partner inactive)"),
    "deactivated": _("Deactivated")}


def effective_status(credential) -> str:
    """What the partner should read: a key can be active in its row yet unusable through its link or expiry."""
    return status_as_read(status=credential.status, expired=isinstance(credential, ApiKey) and credential.is_expired,
                          link_status=credential.link.status, partner_active=credential.partner.is_active)


def status_as_read(*, status: str, expired: bool, link_status: str, partner_active: bool) -> str:
    """`effective_status` from the values it is a function of (rows read as tuples, apikeys/rows.py)."""
    if status != CredentialStatus.ACTIVE:
        return "deactivated"
    if expired:
        return "expired"
    if link_status != "approved" or not partner_active:
        return "suspended"
    return "active"


def expiring_api_keys(*, after, before) -> QuerySet[ApiKey]:
    """Active keys of active partners whose expiry is in (after, before] (§9), with the `key_prefix` the partner
    recognizes them by."""
    return ApiKey.objects.filter(status=CredentialStatus.ACTIVE, partner__status="active",
                                 expires_at__gt=after, expires_at__lte=before).annotate(
        key_prefix=Concat(Value(f"{SCHEME}_"), "public_id", output_field=CharField()))


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
    pending = usage.pending_usage(key.pk, window)  # counted in Redis, not yet flushed to the database
    series = [(day, (rows[day].calls if day in rows else 0) + pending.get(day, (0, 0, None))[0],
               (rows[day].failures if day in rows else 0) + pending.get(day, (0, 0, None))[1]) for day in window]
    last = key.usage.exclude(last_used_at=None).order_by("-day").values_list("last_used_at", flat=True).first()
    last = max(filter(None, [last, *(entry[2] for entry in pending.values())]), default=None)
    return UsageSummary(last, series, sum(s[1] for s in series), sum(s[2] for s in series))


# --- The verify API's lookup (issue 12: one indexed read, prepared once per database connection) -------

@dataclass(frozen=True, slots=True)
class KeyToVerify:
    """What the verify API needs of a key, its partner, link and policy: a handful of columns, no model."""

    pk: int
    label: str
    key_hash: str
    status: str
    expires_at: datetime
    partner_id: str  # the partner's public ID (AP-…)
    partner_status: str
    link_status: str
    policy_pk: int
    policy_status: str
    policy_updated_at: datetime


_VERIFY_COLUMNS = ("pk", "label", "key_hash", "status", "expires_at", "partner__partner_id", "partner__status",
                   "link__status", "link__policy_id", "link__policy__status", "link__policy__updated_at")
_BY_PUBLIC_ID, _BY_LEGACY_HASH = "\x00public_id", "\x00key_hash"  # placeholders in the compiled SQL


def key_to_verify(*, public_id: str | None, key_hash: str) -> KeyToVerify | None:
    """The key with this public id or, for a legacy key without one, this keyed hash (both unique, indexed).

    On PostgreSQL the statement is compiled by the ORM once per process and prepared once per connection:
    planning the four-table join costs more than running it (~1.9 ms against ~0.25 ms).
    """
    value, placeholder = (public_id, _BY_PUBLIC_ID) if public_id else (key_hash, _BY_LEGACY_HASH)
    if connection.vendor != "postgresql" or not settings.PMS_DB_PREPARED_STATEMENTS or connection.queries_logged:
        # The same statement through the ORM: SQLite, PostgreSQL behind a pooler, or a query log (DEBUG, tests
        # counting queries), which cannot show the text of a statement psycopg ran prepared.
        row = next(iter(_verify_query(value, legacy=not public_id)), None)
    else:
        from django.db.backends.postgresql.base import ServerBindingCursor

        sql, params = _verify_sql(placeholder)
        connection.ensure_connection()
        connection.validate_thread_sharing()
        # A server-binding cursor, so psycopg prepares the statement (Django's own cursors bind client-side
        # and never prepare), wrapped like Django's: errors translated, execute wrappers applied.
        with connection.make_cursor(ServerBindingCursor(connection.connection)) as cursor:
            cursor.execute(sql, [value if p == placeholder else p for p in params])
            row = cursor.fetchone()
    return KeyToVerify(*row) if row else None


def _verify_query(value: str, *, legacy: bool):
    where = {"legacy": True, "key_hash": value} if legacy else {"public_id": value}
    return ApiKey.objects.order_by().filter(**where).values_list(*_VERIFY_COLUMNS)[:1]


@lru_cache(maxsize=2)
def _verify_sql(placeholder: str) -> tuple[str, tuple]:
    sql, params = _verify_query(placeholder, legacy=placeholder == _BY_LEGACY_HASH).query.sql_with_params()
    if placeholder not in params:  # the compiled statement must take the value as a parameter
        raise RuntimeError(f"The verify lookup does not bind its value: {sql}")
    return sql, params


_POLICY_ANSWERS: dict[tuple[int, datetime], bytes] = {}
_POLICY_ANSWERS_MAX = 2_000


def policy_answer(policy_pk: int, updated_at: datetime) -> bytes:
    """`"policyId": …, "policyName": …, "policy": {…}` of the verify answer, serialised once per process
    and policy version: a policy changes only with its `updated_at` (drafts are edited, published ones are
    frozen), so the key (pk, updated_at) never serves a stale document."""
    cached = _POLICY_ANSWERS.get((policy_pk, updated_at))
    if cached is not None:
        return cached
    policy = Policy.objects.only("code", "name", "document", "updated_at").get(pk=policy_pk)
    answer = json.dumps({"policyId": str(policy.code), "policyName": policy.name, "policy": policy.document},
                        cls=DjangoJSONEncoder)[1:-1].encode()
    if len(_POLICY_ANSWERS) >= _POLICY_ANSWERS_MAX:
        _POLICY_ANSWERS.clear()
    _POLICY_ANSWERS[(policy_pk, policy.updated_at)] = answer
    return answer
