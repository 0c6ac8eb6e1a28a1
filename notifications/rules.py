"""The rule table (PRODUCT.md §9): for each kind of expiring item, where the items come from (a selector of
the domain app), who is told, on which channels and offsets, what the notice says and where it links.

Adding a kind is one `Rule` here, a `Kind` value, its three email templates, and an
`expiring_…(*, after, before)` selector in the domain app that owns the items.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from apikeys.selectors import expiring_api_keys
from certificates.selectors import expiring_ca_certificates, expiring_partner_certificates
from devices.selectors import expiring_chip_certificates, expiring_sbis
from pms.permissions import has_feature, is_partner

from .models import Kind
from .schedule import OFFSETS

ADMINS = "admins"  # every partner admin, individually
OWNER = "owner"  # the user who uploaded or created the item; when inactive or gone, the partner's active users
PORTAL, EMAIL = "portal", "email"
TRUST_STORE_PERMISSION = "certificates.manage_trust_store"
PARTNERS_PERMISSION = "partners.manage_partners"


@dataclass(frozen=True)
class Rule:
    kind: str
    source: Callable  # (*, after, before) -> QuerySet of the items expiring in (after, before]
    columns: dict[str, str]  # parameter -> field of the source; always code, expires_at and name
    recipients: str  # ADMINS or OWNER (then `owner` and `partner` name the source's foreign keys)
    audience: Callable  # user -> may this reader see notices of this type
    expires_today: str  # the notice's sentence on the day of expiry, with %(name)s, %(date)s…
    expires_in: str  # the same with %(days)d days left (ngettext_lazy, counted on "days")
    renewal: str  # how to renew the item
    item_url: Callable  # params -> path of the item, for its recipients
    renew_url: Callable  # params -> path of the page where it is renewed
    detail: Callable = lambda params: ""  # params -> an extra sentence (which copy expires first…)
    summary_url: Callable | None = None  # params -> path of the item for a partner admin (weekly summary)
    owner: str = ""  # OWNER: the foreign key to the user who uploaded or created the item
    partner: str = ""  # OWNER: the foreign key to the item's partner
    offsets: tuple[int, ...] = OFFSETS
    channels: tuple[str, ...] = field(default=(PORTAL, EMAIL))


def _two_copies_detail(params: dict) -> str:
    if params.get("expiring_copy") == "platform_signed":
        return str(_("The platform-signed certificate expires first; uploading a renewed CA-signed certificate "
                     "also issues a new platform-signed certificate."))
    return str(_("This is the CA-signed certificate's expiry; its platform-signed copy cannot outlive it."))


_CA_COLUMNS = {"code": "code", "expires_at": "not_after", "name": "subject_common_name", "subject": "subject",
               "domain": "domain"}


def _partner_columns(partner: str) -> dict[str, str]:
    """The partner's ID, name and code (for the weekly summary's links) through the foreign key `partner`."""
    return {"partner_id": f"{partner}__partner_id", "organization": f"{partner}__organization_name",
            "partner_code": f"{partner}__code"}

RULES: dict[str, Rule] = {rule.kind: rule for rule in [
    Rule(
        kind=Kind.ROOT_CA, source=partial(expiring_ca_certificates, kind="root"), columns=_CA_COLUMNS,
        recipients=ADMINS, audience=lambda user: user.has_perm(TRUST_STORE_PERMISSION),
        expires_today=_("The root CA certificate “%(name)s” (%(domain)s) expires today, %(date)s."),
        expires_in=ngettext_lazy(
            "The root CA certificate “%(name)s” (%(domain)s) expires in %(days)d day, on %(date)s.",
            "The root CA certificate “%(name)s” (%(domain)s) expires in %(days)d days, on %(date)s.", "days"),
        renewal=_("Obtain the renewed root certificate from its certificate authority and upload it to the "
                  "trust store of the %(domain)s domain; certificates issued under the old root must then be "
                  "renewed under the new one."),
        item_url=lambda params: reverse("certificates:ca_detail", args=[params["code"]]),
        renew_url=lambda params: reverse("certificates:ca_upload"),
    ),
    Rule(
        kind=Kind.INTERMEDIATE_CA, source=partial(expiring_ca_certificates, kind="intermediate"),
        columns=_CA_COLUMNS, recipients=ADMINS, audience=lambda user: user.has_perm(TRUST_STORE_PERMISSION),
        expires_today=_("The intermediate CA certificate “%(name)s” (%(domain)s) expires today, %(date)s."),
        expires_in=ngettext_lazy(
            "The intermediate CA certificate “%(name)s” (%(domain)s) expires in %(days)d day, on %(date)s.",
            "The intermediate CA certificate “%(name)s” (%(domain)s) expires in %(days)d days, on %(date)s.",
            "days"),
        renewal=_("Obtain the renewed intermediate certificate from its certificate authority and upload it to "
                  "the trust store of the %(domain)s domain, so that partner certificates issued under it keep "
                  "a trusted chain."),
        item_url=lambda params: reverse("certificates:ca_detail", args=[params["code"]]),
        renew_url=lambda params: reverse("certificates:ca_upload"),
    ),
    Rule(
        kind=Kind.PARTNER_CERTIFICATE, source=expiring_partner_certificates,
        columns={"code": "code", "expires_at": "expires_at", "name": "subject_common_name", "subject": "subject",
                 "expiring_copy": "expiring_copy", "ca_signed_until": "not_after",
                 "platform_signed_until": "platform_signed__not_after", **_partner_columns("partner")},
        recipients=OWNER, owner="uploaded_by", partner="partner", audience=is_partner,
        expires_today=_("Your partner certificate “%(name)s” expires today, %(date)s."),
        expires_in=ngettext_lazy("Your partner certificate “%(name)s” expires in %(days)d day, on %(date)s.",
                                 "Your partner certificate “%(name)s” expires in %(days)d days, on %(date)s.",
                                 "days"),
        renewal=_("Ask your certificate authority for a renewed certificate and upload it on the Partner "
                  "certificate page; the portal then issues a new platform-signed certificate."),
        detail=_two_copies_detail,
        item_url=lambda params: reverse("certificates:my_certificate"),
        renew_url=lambda params: reverse("certificates:my_certificate"),
        summary_url=lambda params: reverse("certificates:partner_certificates", args=[params["partner_code"]]),
    ),
    Rule(
        kind=Kind.API_KEY, source=expiring_api_keys,
        columns={"code": "code", "expires_at": "expires_at", "name": "label", "prefix": "key_prefix",
                 "policy": "link__policy__name", **_partner_columns("partner")},
        recipients=OWNER, owner="created_by", partner="partner",
        audience=lambda user: has_feature(user, "apikeys"),
        expires_today=_("Your API key “%(name)s” expires today, %(date)s."),
        expires_in=ngettext_lazy("Your API key “%(name)s” expires in %(days)d day, on %(date)s.",
                                 "Your API key “%(name)s” expires in %(days)d days, on %(date)s.", "days"),
        renewal=_("Generate a new API key for the policy “%(policy)s”, switch your systems to it, then "
                  "deactivate the old key."),
        item_url=lambda params: reverse("apikeys:detail", args=[params["code"]]),
        renew_url=lambda params: reverse("apikeys:generate"),
        summary_url=lambda params: reverse("partner_admin:detail", args=[params["partner_code"]]),
    ),
    Rule(
        kind=Kind.SBI, source=expiring_sbis,
        columns={"code": "code", "expires_at": "expiry_date", "name": "version", **_partner_columns("provider")},
        recipients=OWNER, owner="submitted_by", partner="provider", audience=lambda user: has_feature(user, "sbi"),
        expires_today=_("Your SBI “%(name)s” expires today, %(date)s: tomorrow it is deactivated with its devices."),
        expires_in=ngettext_lazy(
            "Your SBI “%(name)s” expires in %(days)d day, on %(date)s; then it is deactivated with its devices.",
            "Your SBI “%(name)s” expires in %(days)d days, on %(date)s; then it is deactivated with its devices.",
            "days"),
        renewal=_("Register the new version of your SBI and submit it for approval before this one expires, then "
                  "add your devices under it."),
        item_url=lambda params: reverse("devices:sbi_detail", args=[params["code"]]),
        renew_url=lambda params: reverse("devices:sbi_create"),
        summary_url=lambda params: reverse("devices:review_sbi", args=[params["code"]]),
    ),
    Rule(
        kind=Kind.FTM_CHIP_CERTIFICATE, source=expiring_chip_certificates,
        columns={"code": "code", "expires_at": "expires_at", "name": "subject_common_name", "subject": "subject",
                 "chip": "chip__make", "chip_model": "chip__model", "chip_code": "chip__code",
                 "expiring_copy": "expiring_copy", "ca_signed_until": "not_after",
                 "platform_signed_until": "platform_signed__not_after", **_partner_columns("chip__provider")},
        recipients=OWNER, owner="uploaded_by", partner="chip__provider",
        audience=lambda user: has_feature(user, "ftm"),
        expires_today=_("The certificate “%(name)s” of your FTM chip %(chip)s %(chip_model)s expires today, "
                        "%(date)s."),
        expires_in=ngettext_lazy(
            "The certificate “%(name)s” of your FTM chip %(chip)s %(chip_model)s expires in %(days)d day, on "
            "%(date)s.",
            "The certificate “%(name)s” of your FTM chip %(chip)s %(chip_model)s expires in %(days)d days, on "
            "%(date)s.", "days"),
        renewal=_("Ask your certificate authority for a renewed FTM chip certificate and upload it on the chip's "
                  "page; the portal then issues a new platform-signed certificate."),
        detail=_two_copies_detail,
        item_url=lambda params: reverse("devices:chip_detail", args=[params["chip_code"]]),
        renew_url=lambda params: reverse("devices:chip_certificate_upload", args=[params["chip_code"]]),
        summary_url=lambda params: reverse("devices:review_chip", args=[params["chip_code"]]),
    ),
]}

# The weekly summary (for partner admins) lists the partner-side kinds, those with a summary_url.
SUMMARY_RULES = [rule for rule in RULES.values() if rule.summary_url is not None]
SUMMARY_LIMIT = 100  # items listed in one summary; the counts always cover every item


def summary_audience(user) -> bool:
    return user.has_perm(PARTNERS_PERMISSION)


def visible_kinds(user) -> list[str]:
    """The types of notice this reader can see, in the order of the tabs."""
    kinds = [kind for kind, rule in RULES.items() if rule.audience(user)]
    if summary_audience(user):
        kinds.append(Kind.WEEKLY_SUMMARY)
    return kinds
