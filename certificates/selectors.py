"""Reads of the certificates app, scoped to the caller (STYLE.md §3).

Other apps call `has_valid_partner_certificate(partner)` and `current_partner_certificate(partner)`.
"""

from datetime import timedelta

from django.db.models import Case, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Least
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from partners.models import Partner
from pms.memo import per_request
from pms.permissions import is_partner

from .models import EXPIRING_SOON_DAYS, CACertificate, PartnerCertificate, PortalCAKey, Validity

PARTNER_CERTIFICATE_ADMIN = "certificates.manage_partner_certificates"


# --- Partner certificates ---------------------------------------------------------------------------------

def current_partner_certificate(partner: Partner) -> PartnerCertificate | None:
    """The partner's current certificate (with its platform-signed copy), or None."""
    return (PartnerCertificate.objects.select_related("platform_signed", "issuer_ca")
            .filter(partner=partner, status=PartnerCertificate.Status.CURRENT).first())


STATUS_FIELDS = ("id", "code", "partner_id", "status", "chain_deactivated", "not_before", "not_after")


def current_certificate_status(partner: Partner) -> PartnerCertificate | None:
    """The partner's current certificate without its PEMs and copies: what status cards and checklists show.

    The dashboard asks twice (checklist, status card): the row is read once per request.
    """
    return per_request(("current_certificate_status", partner.pk), lambda: (
        PartnerCertificate.objects.filter(partner=partner, status=PartnerCertificate.Status.CURRENT)
        .only(*STATUS_FIELDS).first()))


def has_valid_partner_certificate(partner: Partner) -> bool:
    """True when the partner's current certificate is valid now and its chain is still trusted (§5, §7)."""
    now = timezone.now()
    return PartnerCertificate.objects.filter(
        partner=partner, status=PartnerCertificate.Status.CURRENT, chain_deactivated=False,
        not_before__lte=now, not_after__gte=now).exists()  # valid at its notAfter second (RFC 5280 §4.1.2.5)


def partner_certificates(*, partner: Partner) -> QuerySet[PartnerCertificate]:
    """The partner's certificates, current first, then the history newest first."""
    return (PartnerCertificate.objects.filter(partner=partner)
            .select_related("platform_signed", "issuer_ca", "uploaded_by")
            .order_by("status", "-uploaded_at", "-id"))  # "current" sorts before "replaced"


def get_partner_for(*, user, code) -> Partner:
    """A partner the user may manage certificates for: any (certificate admin) or its own; else 404."""
    partners = Partner.objects.select_related("partner_type")
    if user.has_perm(PARTNER_CERTIFICATE_ADMIN):
        return get_object_or_404(partners, code=code)
    if is_partner(user) and str(user.partner.code) == str(code):
        return get_object_or_404(partners, code=code)
    raise Http404


def get_partner_certificate_for(*, user, code) -> PartnerCertificate:
    """A partner certificate the user may download: any (certificate admin) or its own partner's; else 404."""
    certificates = PartnerCertificate.objects.select_related("partner", "platform_signed")
    if user.has_perm(PARTNER_CERTIFICATE_ADMIN):
        return get_object_or_404(certificates, code=code)
    if is_partner(user):
        return get_object_or_404(certificates, code=code, partner_id=user.partner_id)
    raise Http404


def expiring_partner_certificates(*, after, before) -> QuerySet[PartnerCertificate]:
    """Current, trusted certificates of active partners whose earlier expiry is in (after, before] (§9).

    A partner certificate stops being usable when either copy expires, so `expires_at` is the earlier of
    the CA-signed certificate's and its platform-signed copy's, and `expiring_copy` says which one it is.
    """
    signed_until = Coalesce("platform_signed__not_after", "not_after")
    return (PartnerCertificate.objects
            .filter(status=PartnerCertificate.Status.CURRENT, chain_deactivated=False,
                    partner__status=Partner.Status.ACTIVE, not_after__gt=after)
            .annotate(expires_at=Least("not_after", signed_until),
                      expiring_copy=Case(When(platform_signed__not_after__lt=F("not_after"),
                                              then=Value("platform_signed")), default=Value("ca_signed")))
            .filter(expires_at__gt=after, expires_at__lte=before))


# --- Trust store ------------------------------------------------------------------------------------------

def has_active_root(domain: str) -> bool:
    return CACertificate.objects.filter(domain=domain, kind=CACertificate.Kind.ROOT,
                                        status=CACertificate.Status.ACTIVE).exists()


SORTS = {
    "expiry": ("not_after", "id"),
    "-expiry": ("-not_after", "-id"),
    "uploaded": ("uploaded_at", "id"),
    "-uploaded": ("-uploaded_at", "-id"),
    "subject": ("subject_common_name", "id"),
}


CA_LIST_COLUMNS = ("code", "subject", "subject_common_name", "issuer", "issuer_common_name", "domain", "kind",
                   "not_before", "not_after", "status", "chain_deactivated")


def ca_certificates(*, domain: str = "", kind: str = "", status: str = "", issued_to: str = "",
                    issued_by: str = "", validity: str = "", expiring_within: int | None = None,
                    sort: str = "expiry") -> QuerySet[CACertificate]:
    """The trust store narrowed by the admin's filters, soonest expiry first by default."""
    # Only what the list shows (templates/certificates/_ca_row.html): never the PEM, kilobytes a row (issue 12).
    certificates = CACertificate.objects.only(*CA_LIST_COLUMNS)
    exact = {"domain": domain, "kind": kind, "status": status}
    certificates = certificates.filter(**{k: v for k, v in exact.items() if v})
    if issued_to:
        certificates = certificates.filter(Q(subject__icontains=issued_to))
    if issued_by:
        certificates = certificates.filter(Q(issuer__icontains=issued_by))
    if validity:
        certificates = certificates.filter(validity_q(validity))
    if expiring_within is not None:
        now = timezone.now()
        certificates = certificates.filter(not_after__gte=now,
                                           not_after__lte=now + timedelta(days=expiring_within))
    return certificates.order_by(*SORTS.get(sort, SORTS["expiry"]))


def validity_q(validity: str) -> Q:
    """The SQL twin of CertificateData.validity: notBefore and notAfter both belong to the period (§4.1.2.5)."""
    now = timezone.now()
    soon = now + timedelta(days=EXPIRING_SOON_DAYS)
    return {
        Validity.VALID: Q(not_before__lte=now, not_after__gt=soon),
        Validity.EXPIRING: Q(not_before__lte=now, not_after__gte=now, not_after__lte=soon),
        Validity.EXPIRED: Q(not_after__lt=now),
        Validity.NOT_YET_VALID: Q(not_before__gt=now),
    }.get(validity, Q())


def expiring_ca_certificates(*, after, before, kind: str = "") -> QuerySet[CACertificate]:
    """Active CA certificates (of `kind`, root or intermediate, if given), not under a deactivated CA, whose
    validity ends in (after, before] (§9)."""
    certificates = CACertificate.objects.filter(status=CACertificate.Status.ACTIVE, chain_deactivated=False,
                                                not_after__gt=after, not_after__lte=before)
    return certificates.filter(kind=kind) if kind else certificates


def get_ca_certificate(*, code) -> CACertificate:
    return get_object_or_404(CACertificate.objects.select_related("uploaded_by", "deactivated_by"), code=code)


def ca_chain(ca: CACertificate) -> list[CACertificate]:
    """`ca` and the CAs above it, up to its root (the parent links stored at upload)."""
    by_pk = {row.pk: row for row in CACertificate.objects.filter(domain=ca.domain)}
    chain, current = [ca], by_pk.get(ca.parent_id)
    while current is not None and current not in chain:
        chain.append(current)
        current = by_pk.get(current.parent_id)
    return chain


def ca_descendants(ca: CACertificate) -> set[int]:
    """Primary keys of every CA below `ca` (one query for the domain's parent links)."""
    children: dict[int, list[int]] = {}
    for pk, parent_id in CACertificate.objects.filter(domain=ca.domain).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, pending = set(), [ca.pk]
    while pending:
        for child in children.get(pending.pop(), []):
            if child not in found:
                found.add(child)
                pending.append(child)
    return found


def partner_certificates_under(ca: CACertificate, descendants: set[int]) -> int:
    """How many partner certificates were issued by `ca` or a CA below it."""
    return PartnerCertificate.objects.filter(issuer_ca_id__in=[ca.pk, *descendants]).count()


def ca_children(ca: CACertificate) -> QuerySet[CACertificate]:
    return ca.children.order_by("not_after", "id")


# --- Portal CA --------------------------------------------------------------------------------------------

def portal_ca_certificates() -> list[PortalCAKey]:
    """The portal CA certificates still valid (current and retired), signing intermediates before roots."""
    valid = PortalCAKey.objects.filter(not_after__gte=timezone.now())
    return list(valid.order_by("-kind", "-created_at", "-id"))
