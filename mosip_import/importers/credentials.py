"""API keys (R7) and OIDC clients (R8) of authentication partners.

MOSIP stores API keys in clear (pms.partner_policy.policy_api_key is the table's primary key). Here a key is
hashed the moment it is read and the clear value goes nowhere else: not into a row, a label, the report, a log
line or the audit trail. Its source ID is its keyed hash and the report names it by partner, policy and date.
"""

from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apikeys import keys
from apikeys.jwk import parse_public_jwk
from apikeys.models import ApiKey, CredentialStatus, OidcClient
from apikeys.services import clean_redirect_uri
from pms.errors import Refused

from .. import mapping
from ..source import Table
from .base import Importer, Result, RowRefused
from .notes import Notes
from .policies import imported_partner, imported_policy, link_for_credentials

CLIENT_NAME_MAX = OidcClient._meta.get_field("name").max_length
LOGO_MAX = OidcClient._meta.get_field("logo_uri").max_length


class ApiKeys(Importer):
    kind = "api_keys"
    label = gettext_lazy("API keys")
    table = Table("pms", "partner_policy", ("policy_api_key", "part_id", "policy_id", "valid_to_datetime",
                                            "is_active", "cr_dtimes", "upd_dtimes", "is_deleted"),
                  optional=("label",), order_by=("cr_dtimes", "part_id"))
    model = ApiKey

    def source_id(self, row):
        return "hmac:" + keys.key_hash(row["policy_api_key"])

    def report_id(self, row):
        created = f"{row['cr_dtimes']:%Y-%m-%dT%H:%M:%SZ}" if row["cr_dtimes"] else "-"
        return f"{row['part_id']} / {row['policy_id']} / {created}"

    def fingerprint(self, row):
        label, replaced = mapping.key_label(label=row["label"], key=row["policy_api_key"], created=row["cr_dtimes"])
        safe = {k: row[k] for k in ("part_id", "policy_id", "valid_to_datetime", "is_active", "is_deleted")}
        return super().fingerprint({**safe, "label": None if replaced else label})

    def create(self, row, ctx):
        partner, policy = imported_partner(row["part_id"], ctx), imported_policy(row["policy_id"], ctx)
        notes = Notes()
        link = link_for_credentials(partner, policy, created=row["cr_dtimes"], notes=notes)
        label, replaced = mapping.key_label(label=row["label"], key=row["policy_api_key"], created=row["cr_dtimes"])
        if replaced:
            notes.add("label_replaced", _("MOSIP's label was empty or contained the key itself: labelled %(label)s.")
                      % {"label": label})
        # Labels are unique among all of a partner's keys, deactivated ones included (PRODUCT.md §6.1).
        label = mapping.unique_label(label, {lbl.lower() for lbl in partner.api_keys.values_list("label", flat=True)})
        if not partner.partner_type.has_feature("apikeys"):
            notes.add("no_key_page", _("Partners of this type have no API key page here: the key verifies, but the "
                                       "partner cannot see or deactivate it."))
        key = ApiKey.objects.create(
            partner=partner, link=link, label=label, public_id=keys.new_key().public_id, legacy=True,
            key_hash=keys.key_hash(row["policy_api_key"]), created_at=row["cr_dtimes"] or ctx.now,
            expires_at=_expiry(row, ctx), **_state(row, ctx))
        return notes.result(key)

    def update(self, target, row, ctx):
        if target.status == CredentialStatus.ACTIVE and not row["is_active"]:
            for name, value in _state(row, ctx).items():
                setattr(target, name, value)
            target.save(update_fields=["status", "deactivated_at", "deactivation_reason"])
        return Result(target)


def _expiry(row: dict, ctx) -> object:
    """R7: `--legacy-key-expiry-days` from now, or MOSIP's own expiry when that comes first."""
    expiry = ctx.now + timedelta(days=ctx.legacy_key_expiry_days)
    return min(expiry, row["valid_to_datetime"]) if row["valid_to_datetime"] else expiry


def _state(row: dict, ctx) -> dict:
    if row["is_active"]:
        return {"status": CredentialStatus.ACTIVE, "deactivated_at": None, "deactivation_reason": ""}
    return {"status": CredentialStatus.DEACTIVATED, "deactivated_at": row["upd_dtimes"] or ctx.now,
            "deactivation_reason": ""}


class OidcClients(Importer):
    kind = "oidc_clients"
    label = gettext_lazy("OIDC clients")
    table = Table("pms", "oidc_client", ("id", "name", "rp_id", "policy_id", "logo_uri", "redirect_uris",
                                         "public_key", "grant_types", "auth_methods", "status", "cr_dtimes",
                                         "upd_dtimes", "is_deleted"), order_by=("cr_dtimes", "id"))
    model = OidcClient

    def source_id(self, row):
        return row["id"]

    def create(self, row, ctx):
        partner, policy = imported_partner(row["rp_id"], ctx), imported_policy(row["policy_id"], ctx)
        if OidcClient.objects.filter(client_id=row["id"]).exists():
            raise RowRefused("client_id_taken", _("An OIDC client here already has this client ID."))
        jwk = parse_public_jwk(row["public_key"] or "")  # Refused (e.g. an RSA key under 2048 bits) is reported
        notes = Notes()
        link = link_for_credentials(partner, policy, created=row["cr_dtimes"], notes=notes)
        client = OidcClient.objects.create(
            partner=partner, link=link, client_id=row["id"], public_key=jwk.jwk, key_size=jwk.key_size,
            grant_types=mapping.comma_list(row["grant_types"]), auth_methods=mapping.comma_list(row["auth_methods"]),
            created_at=row["cr_dtimes"] or ctx.now, **_client_values(row, ctx, notes))
        return notes.result(client)

    def update(self, target, row, ctx):
        notes = Notes()
        for name, value in _client_values(row, ctx, notes).items():
            setattr(target, name, value)
        target.save()
        return notes.result(target)


def _client_values(row: dict, ctx, notes: Notes) -> dict:
    logo = (row["logo_uri"] or "").strip()
    if len(logo) > LOGO_MAX:
        raise RowRefused("logo_uri_too_long", _("The logo URI has more than %(max)s characters.") % {"max": LOGO_MAX})
    name = " ".join((row["name"] or row["id"]).split())
    if len(name) > CLIENT_NAME_MAX:
        notes.add("name_shortened", _("The name was cut to %(max)s characters.") % {"max": CLIENT_NAME_MAX})
    uris = mapping.comma_list(row["redirect_uris"])
    for uri in uris:
        try:
            clean_redirect_uri(uri)
        except Refused:
            notes.add("redirect_uri_kept", _("The redirect URI %(uri)s does not follow our rules (https only, except "
                                             "localhost); it was kept, but editing the client will require changing "
                                             "it.") % {"uri": uri})
    active = mapping.client_status(row["status"]) == CredentialStatus.ACTIVE
    return {"name": name[:CLIENT_NAME_MAX], "logo_uri": logo, "redirect_uris": uris,
            "status": CredentialStatus.ACTIVE if active else CredentialStatus.DEACTIVATED,
            "deactivated_at": None if active else (row["upd_dtimes"] or ctx.now)}
