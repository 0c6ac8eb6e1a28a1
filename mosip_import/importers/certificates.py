"""Trust-store CAs and partner certificates from MOSIP's key manager (R10), each through our certificate engine.

A certificate the engine accepts is imported (a partner certificate with our own end-entity platform-signed
copy, since MOSIP's signed copy is a CA certificate); one it refuses is reported with the engine's reason.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certificates import services as certificates
from certificates.engine import describe, load_certificate
from certificates.models import CACertificate, PartnerCertificate
from pms.errors import Refused

from .. import mapping
from ..source import Table
from .accounts import PARTNER_TABLE
from .base import Importer, Result, RowRefused, RowSkipped
from .policies import imported_partner

CERT_COLUMNS = ("cert_id", "cert_subject", "cert_issuer", "issuer_id", "cert_data", "partner_domain", "cr_dtimes",
                "is_deleted")


def _fingerprint_values(row: dict) -> dict:
    return {k: row[k] for k in ("cert_id", "cert_data", "partner_domain", "is_deleted")}


class CaCertificates(Importer):
    kind = "ca_certificates"
    label = gettext_lazy("Trust-store CA certificates")
    source = "keymgr"
    table = Table("keymgr", "ca_cert_store", CERT_COLUMNS, order_by=("cr_dtimes", "cert_id"))
    model = CACertificate

    def source_id(self, row):
        return row["cert_id"]

    def fingerprint(self, row):
        return super().fingerprint(_fingerprint_values(row))

    def rows(self, ctx):
        """Issuers before the certificates they signed, so that each intermediate finds its chain."""
        return roots_first(list(super().rows(ctx)))

    def create(self, row, ctx):
        domain = mapping.domain(row["partner_domain"])
        if domain is None:
            raise RowRefused("unknown_domain", _("The partner domain %(domain)s has no equivalent here.")
                             % {"domain": row["partner_domain"] or "-"})
        data = (row["cert_data"] or "").encode()
        try:
            return Result(certificates.upload_ca_certificate(domain=domain, data=data, filename=None,
                                                             actor=ctx.actor))
        except Refused as refusal:
            if refusal.code != "duplicate":
                raise
            existing = _existing_ca(domain, data)
            raise RowSkipped("already_trusted", _("Already in the %(domain)s trust store.") % {"domain": domain},
                             existing) from None

    def update(self, target, row, ctx):
        return Result(target)


def _existing_ca(domain: str, data: bytes) -> CACertificate | None:
    fingerprint = describe(load_certificate(data)).fingerprint_sha256
    return CACertificate.objects.filter(domain=domain, fingerprint_sha256=fingerprint).first()


def roots_first(rows: list[dict]) -> list[dict]:
    """Order CA rows so that every certificate comes after its issuer (issuer_id); roots name themselves."""
    by_id = {row["cert_id"]: row for row in rows}
    ordered, placed = [], set()

    def place(row: dict, depth: int = 0) -> None:
        if row["cert_id"] in placed or depth > len(rows):
            return
        issuer = by_id.get(row["issuer_id"])
        if issuer is not None and issuer is not row:
            place(issuer, depth + 1)
        placed.add(row["cert_id"])
        ordered.append(row)

    for row in rows:
        place(row)
    return ordered


class PartnerCertificates(Importer):
    kind = "partner_certificates"
    label = gettext_lazy("Partner certificates")
    source = "keymgr"
    table = Table("keymgr", "partner_cert_store", (*CERT_COLUMNS, "organization_name"),
                  order_by=("cr_dtimes", "cert_id"))
    model = PartnerCertificate

    def source_id(self, row):
        return row["cert_id"]

    def fingerprint(self, row):
        return super().fingerprint(_fingerprint_values(row))

    def rows(self, ctx):
        """keymgr knows no partners: pms.partner.certificate_alias says whose current certificate each one is
        (and ftp_chip_detail.certificate_alias which ones are FTM chips')."""
        owners, chips = _aliases(ctx, ALIAS_TABLE), _aliases(ctx, CHIP_ALIAS_TABLE)
        for row in super().rows(ctx):
            yield {**row, "owner": owners.get(row["cert_id"]), "chip": chips.get(row["cert_id"])}

    def create(self, row, ctx):
        if row["chip"]:
            raise RowSkipped("chip_certificate", _("An FTM chip's certificate: imported with its chip (see FTM "
                                                   "chips)."))
        if not row["owner"]:
            raise RowSkipped("not_current", _("Not the current certificate of any MOSIP partner (an older upload): "
                                              "not imported."))
        partner = imported_partner(row["owner"], ctx)
        return Result(certificates.upload_partner_certificate(
            partner=partner, data=(row["cert_data"] or "").encode(), filename=None, actor=ctx.actor))

    def update(self, target, row, ctx):
        return Result(target)


ALIAS_TABLE = Table("pms", PARTNER_TABLE.name, ("id", "certificate_alias"))
CHIP_ALIAS_TABLE = Table("pms", "ftp_chip_detail", ("id", "certificate_alias"))


def _aliases(ctx, table: Table) -> dict[str, str]:
    """certificate_alias → MOSIP ID of the rows of `table` that point to a certificate."""
    pms = ctx.sources["pms"]
    if not pms.has(table):
        return {}
    return {row["certificate_alias"]: row["id"] for row in pms.rows(table) if row["certificate_alias"]}
