"""Reads of SBIs, devices and FTM chips, scoped to the caller (STYLE.md §3): another partner's row is a 404.

`expiring_sbis` and `expiring_chip_certificates` are for the expiry notifications (§9).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Least
from django.http import Http404

from partners.models import Partner
from pms.permissions import is_partner

from .models import Device, FtmChip, FtmChipCertificate, Sbi, portal_today

REVIEW_DEVICES = "devices.review_devices"
REVIEW_FTM_CHIPS = "devices.review_ftm_chips"


# --- Statuses as people read them ---------------------------------------------------------------------------

def sbi_status_q(status: str) -> Q:
    """"approved" and "pending" exclude SBIs past their expiry date, which show as "expired"."""
    today = portal_today()
    if status == "expired":
        return Q(status__in=Sbi.OPEN_STATUSES, expiry_date__lt=today)
    if status in (Sbi.Status.PENDING, Sbi.Status.APPROVED):
        return Q(status=status, expiry_date__gte=today)
    return Q(status=status) if status in Sbi.Status.values else Q()


def _with_device_counts(sbis: QuerySet[Sbi]) -> QuerySet[Sbi]:
    return sbis.annotate(
        approved_devices=Count("devices", filter=Q(devices__status=Device.Status.APPROVED)),
        pending_devices=Count("devices", filter=Q(devices__status=Device.Status.PENDING)))


def _pending_first(items: QuerySet, pending: Q, since: str) -> QuerySet:
    """Pending rows first, the longest waiting first among them; then the newest."""
    return items.annotate(
        pending_first=Case(When(pending, then=Value(0)), default=Value(1), output_field=IntegerField()),
        pending_since=Case(When(pending, then=F(since))),
    ).order_by("pending_first", F("pending_since").asc(nulls_last=True), f"-{since}", "-id")


def _partner_q(text: str, prefix: str = "provider__") -> Q:
    return Q(**{f"{prefix}organization_name__icontains": text}) | Q(**{f"{prefix}partner_id__iexact": text})


def _dates(items: QuerySet, field: str, date_from: date | None, date_to: date | None) -> QuerySet:
    if date_from:
        items = items.filter(**{f"{field}__date__gte": date_from})
    if date_to:
        items = items.filter(**{f"{field}__date__lte": date_to})
    return items


def _get(queryset, **lookup):
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValidationError, ValueError, TypeError) as error:
        raise Http404 from error


# --- A provider's own SBIs and devices ----------------------------------------------------------------------

SBI_SORTS = {"-submitted": ["-submitted_at", "-id"], "submitted": ["submitted_at", "id"],
             "version": ["version", "id"], "expiry": ["expiry_date", "id"], "-expiry": ["-expiry_date", "-id"]}


def provider_sbis(*, partner: Partner, status: str = "", search: str = "", sort: str = "-submitted") -> QuerySet[Sbi]:
    """The provider's SBIs, newest first, with their approved and pending device counts."""
    sbis = _with_device_counts(Sbi.objects.filter(provider=partner))
    if status:
        sbis = sbis.filter(sbi_status_q(status))
    if search:
        sbis = sbis.filter(Q(version__icontains=search) | Q(binary_hash__icontains=search))
    return sbis.order_by(*(SBI_SORTS.get(sort) or SBI_SORTS["-submitted"]))


def get_own_sbi(*, partner: Partner, code) -> Sbi:
    return _get(Sbi.objects.select_related("provider", "decided_by", "deactivated_by"), provider=partner, code=code)


def sbi_devices(sbi: Sbi) -> QuerySet[Device]:
    return sbi.devices.select_related("decided_by").order_by("-submitted_at", "-id")


def get_own_device(*, partner: Partner, code) -> Device:
    return _get(Device.objects.select_related("sbi", "provider"), provider=partner, code=code)


def approved_sbis_accepting_devices(partner: Partner) -> QuerySet[Sbi]:
    return Sbi.objects.filter(provider=partner, status=Sbi.Status.APPROVED, expiry_date__gte=portal_today())


# --- A provider's own FTM chips -----------------------------------------------------------------------------

def _current_certificate():
    return Prefetch("certificates", to_attr="current_certificates", queryset=FtmChipCertificate.objects.filter(
        status=FtmChipCertificate.Status.CURRENT).select_related("platform_signed", "issuer_ca"))


CHIP_SORTS = {"-created": ["-created_at", "-id"], "created": ["created_at", "id"],
              "make": ["make", "model", "id"]}


def provider_chips(*, partner: Partner, status: str = "", search: str = "",
                   sort: str = "-created") -> QuerySet[FtmChip]:
    chips = FtmChip.objects.filter(provider=partner).prefetch_related(_current_certificate())
    if status in FtmChip.Status.values:
        chips = chips.filter(status=status)
    if search:
        chips = chips.filter(Q(make__icontains=search) | Q(model__icontains=search))
    return chips.order_by(*(CHIP_SORTS.get(sort) or CHIP_SORTS["-created"]))


def get_own_chip(*, partner: Partner, code) -> FtmChip:
    return _get(FtmChip.objects.select_related("provider", "decided_by", "deactivated_by"), provider=partner,
                code=code)


def chip_certificates(chip: FtmChip) -> list[FtmChipCertificate]:
    """The chip's certificates, current first, then the history newest first."""
    return list(chip.certificates.select_related("platform_signed", "uploaded_by", "issuer_ca")
                .order_by("status", "-uploaded_at", "-id"))  # "current" sorts before "replaced"


def current_chip_certificate(chip: FtmChip) -> FtmChipCertificate | None:
    cached = getattr(chip, "current_certificates", None)
    if cached is not None:
        return cached[0] if cached else None
    return (FtmChipCertificate.objects.select_related("platform_signed", "issuer_ca")
            .filter(chip=chip, status=FtmChipCertificate.Status.CURRENT).first())


def get_chip_certificate_for(*, user, code) -> FtmChipCertificate:
    """A chip certificate the user may download: its provider's, or any for an FTM chip reviewer; else 404."""
    certificates = FtmChipCertificate.objects.select_related("chip__provider", "platform_signed")
    if user.has_perm(REVIEW_FTM_CHIPS):
        return _get(certificates, code=code)
    if is_partner(user):
        return _get(certificates, code=code, chip__provider_id=user.partner_id)
    raise Http404


# --- The partner admin's queues -----------------------------------------------------------------------------

QUEUE_SORTS = {"-submitted": ["-submitted_at", "-id"], "submitted": ["submitted_at", "id"],
               "partner": ["provider__organization_name", "-submitted_at", "-id"]}
_ACTIVE_PROVIDER = Q(provider__status=Partner.Status.ACTIVE)


def sbi_queue(*, partner: str = "", status: str = "", search: str = "", date_from: date | None = None,
              date_to: date | None = None, sort: str = "pending") -> QuerySet[Sbi]:
    """Every SBI, pending first, narrowed by the admin's filters."""
    sbis = _with_device_counts(Sbi.objects.select_related("provider"))
    if partner:
        sbis = sbis.filter(_partner_q(partner))
    if status:
        sbis = sbis.filter(sbi_status_q(status))
    if search:
        sbis = sbis.filter(Q(version__icontains=search) | Q(binary_hash__iexact=search))
    sbis = _dates(sbis, "submitted_at", date_from, date_to)
    if sort == "expiry":
        return sbis.order_by("expiry_date", "id")
    if sort in QUEUE_SORTS:
        return sbis.order_by(*QUEUE_SORTS[sort])
    return _pending_first(sbis, Q(status=Sbi.Status.PENDING), "submitted_at")


def device_queue(*, partner: str = "", status: str = "", device_type: str = "", search: str = "",
                 date_from: date | None = None, date_to: date | None = None, sort: str = "pending") -> QuerySet[Device]:
    devices = Device.objects.select_related("provider", "sbi")
    if partner:
        devices = devices.filter(_partner_q(partner))
    if status == "orphan":
        devices = devices.filter(Q(sbi__isnull=True) | ~Q(sbi__status=Sbi.Status.APPROVED),
                                 status=Device.Status.PENDING)
    elif status in Device.Status.values:
        devices = devices.filter(status=status)
    if device_type:
        devices = devices.filter(device_type=device_type)
    if search:
        devices = devices.filter(Q(make__icontains=search) | Q(model__icontains=search)
                                 | Q(sbi__version__icontains=search))
    devices = _dates(devices, "submitted_at", date_from, date_to)
    if sort in QUEUE_SORTS:
        return devices.order_by(*QUEUE_SORTS[sort])
    return _pending_first(devices, Q(status=Device.Status.PENDING), "submitted_at")


def chip_queue(*, partner: str = "", status: str = "", search: str = "", date_from: date | None = None,
               date_to: date | None = None, sort: str = "pending") -> QuerySet[FtmChip]:
    chips = FtmChip.objects.select_related("provider").prefetch_related(_current_certificate())
    if partner:
        chips = chips.filter(_partner_q(partner))
    if status in FtmChip.Status.values:
        chips = chips.filter(status=status)
    if search:
        chips = chips.filter(Q(make__icontains=search) | Q(model__icontains=search))
    chips = _dates(chips, "created_at", date_from, date_to)
    sorts = {"-created": ["-created_at", "-id"], "created": ["created_at", "id"],
             "partner": ["provider__organization_name", "-created_at", "-id"]}
    if sort in sorts:
        return chips.order_by(*sorts[sort])
    return _pending_first(chips, Q(status=FtmChip.Status.PENDING_APPROVAL), "created_at")


def get_sbi(*, code) -> Sbi:
    return _get(Sbi.objects.select_related("provider__partner_type", "submitted_by", "decided_by",
                                           "deactivated_by"), code=code)


def get_device(*, code) -> Device:
    return _get(Device.objects.select_related("provider__partner_type", "sbi", "submitted_by", "decided_by",
                                              "deactivated_by"), code=code)


def get_chip(*, code) -> FtmChip:
    return _get(FtmChip.objects.select_related("provider__partner_type", "created_by", "decided_by",
                                               "deactivated_by"), code=code)


def pending_sbi_count() -> int:
    return Sbi.objects.filter(_ACTIVE_PROVIDER, status=Sbi.Status.PENDING).count()


def pending_device_count() -> int:
    return Device.objects.filter(_ACTIVE_PROVIDER, status=Device.Status.PENDING).count()


def pending_chip_count() -> int:
    return FtmChip.objects.filter(_ACTIVE_PROVIDER, status=FtmChip.Status.PENDING_APPROVAL).count()


# --- One partner, for the admin's partner page, and expiring items (§9) -------------------------------------

def partner_sbis_with_devices(partner: Partner) -> list[Sbi]:
    devices = Prefetch("devices", queryset=Device.objects.order_by("-submitted_at", "-id"))
    return list(Sbi.objects.filter(provider=partner).prefetch_related(devices).order_by("-submitted_at", "-id"))


def orphan_devices(partner: Partner) -> QuerySet[Device]:
    return Device.objects.filter(provider=partner, sbi__isnull=True).order_by("-submitted_at", "-id")


def partner_chips_with_certificates(partner: Partner) -> list[FtmChip]:
    return list(FtmChip.objects.filter(provider=partner).prefetch_related(_current_certificate())
                .order_by("-created_at", "-id"))


def expiring_sbis(*, after, before) -> QuerySet[Sbi]:
    """Approved SBIs of active providers whose last valid day (the expiry date) falls between the days of the
    moments `after` and `before` in the portal's time zone (§9)."""
    return Sbi.objects.filter(status=Sbi.Status.APPROVED, provider__status=Partner.Status.ACTIVE,
                              expiry_date__gte=portal_today(after), expiry_date__lte=portal_today(before))


def expiring_chip_certificates(*, after, before) -> QuerySet[FtmChipCertificate]:
    """Current certificates of open FTM chips of active providers, still under trusted CAs, whose earlier expiry
    is in (after, before] (§9).

    Like a partner certificate, a chip certificate stops being usable when either copy expires: `expires_at` is
    the earlier of the CA-signed certificate's and its platform-signed copy's, `expiring_copy` says which.
    """
    signed_until = Coalesce("platform_signed__not_after", "not_after")
    return (FtmChipCertificate.objects
            .filter(status=FtmChipCertificate.Status.CURRENT, chip__status__in=FtmChip.OPEN_STATUSES,
                    chip__provider__status=Partner.Status.ACTIVE, issuer_ca__status="active",
                    issuer_ca__chain_deactivated=False, not_after__gt=after)
            .annotate(expires_at=Least("not_after", signed_until),
                      expiring_copy=Case(When(platform_signed__not_after__lt=F("not_after"),
                                              then=Value("platform_signed")), default=Value("ca_signed")))
            .filter(expires_at__gt=after, expires_at__lte=before))
