"""The proof of issue 14: a MOSIP deployment in MOSIP's own tables, imported twice, then used as a partner would."""

import csv
import io
import json
import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from apikeys.models import ApiKey, OidcClient
from apikeys.services import deactivate_api_key
from certificates.engine.rules import is_ca
from certificates.models import CACertificate, PartnerCertificate, PlatformSignedCertificate
from partners.models import Partner, PartnerType, User
from policies.models import PartnerPolicyGroup, Policy, PolicyGroup, PolicyLink
from tests.factories import make_partner_admin

from .deployment import AUTH_PARTNER, KEYS

VERIFY = "/api/v1/apikeys/verify"
MODELS = [PartnerType, Partner, User, PolicyGroup, Policy, PolicyLink, PartnerPolicyGroup, ApiKey, OidcClient,
          CACertificate, PartnerCertificate, PlatformSignedCertificate]


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def outcome(report: str, kind: str, mosip_id: str) -> dict:
    return next(r for r in rows(report) if r["kind"] == kind and r["mosip_id"] == mosip_id)


def verify(key: str, partner_id: str = "") -> dict:
    body = {"apiKey": key, **({"partnerId": partner_id} if partner_id else {})}
    return Client().post(VERIFY, json.dumps(body), content_type="application/json").json()


def set_password_from_invitation(user: User, password: str) -> Client:
    message = next(m for m in mail.outbox if m.to == [user.email])
    link = re.search(r"https://partners\.example\.org(/accounts/password/reset/key/\S+/)", message.body).group(1)
    browser = Client()
    form_page = browser.get(link, follow=True)
    assert form_page.status_code == 200
    response = browser.post(form_page.redirect_chain[-1][0], {"password1": password, "password2": password})
    assert response.status_code == 302
    return browser


def test_partner_logs_in_after_a_reset_sees_its_approved_policy_and_its_key_verifies_until_deactivated(run_import):
    run_import("--invite")
    run_import("--invite")  # a second run changes nothing and only re-sends the invitations of unset passwords
    user = User.objects.get(partner__partner_id=AUTH_PARTNER)
    assert not user.has_usable_password() and user.language == "fr" and user.username == "tech5auth"
    assert not Client().login(username="tech5auth", password="anything")

    set_password_from_invitation(user, "A-new-strong-passphrase-42")
    browser = Client()
    assert browser.post(reverse("account_login"), {"login": "tech5auth",
                                                   "password": "A-new-strong-passphrase-42"}).status_code == 302
    links_page = browser.get(reverse("policies:my_links"))
    assert "mpolicy-ekyc" in links_page.content.decode()
    link = PolicyLink.objects.get(partner=user.partner, policy__name="mpolicy-ekyc")
    assert link.status == PolicyLink.Status.APPROVED and link.policy.status == Policy.Status.PUBLISHED

    answer = verify(KEYS["active"], partner_id=AUTH_PARTNER)
    assert answer["valid"] and answer["partnerId"] == AUTH_PARTNER and answer["policyName"] == "mpolicy-ekyc"
    key = ApiKey.objects.get(partner=user.partner, label__startswith="MOSIP ")
    deactivate_api_key(key=key, actor=user)
    assert verify(KEYS["active"]) == {"valid": False}


def test_invitation_is_in_the_users_language_with_an_absolute_link(run_import):
    run_import("--invite")
    message = next(m for m in mail.outbox if m.to == ["ops@tech5.example"])
    assert "Votre" in message.subject and "mpartner-tech5-auth-0001" in message.body
    arabic = next(m for m in mail.outbox if m.to == ["it@bank.example"])
    assert "https://partners.example.org/accounts/password/reset/key/" in arabic.body and "حساب" in arabic.subject


def test_users_of_deactivated_partners_are_not_invited(run_import):
    run_import("--invite")
    assert not any(m.to == ["dormant@dormant.example"] for m in mail.outbox)
    assert not User.objects.get(email="dormant@dormant.example").is_active


def test_deactivated_mosip_key_never_verifies(run_import):
    run_import()
    assert verify(KEYS["deactivated"]) == {"valid": False}
    assert verify(KEYS["second"])["valid"]


def test_admin_sees_the_imported_trust_store(run_import, client):
    run_import()
    client.force_login(make_partner_admin(username="trustadmin"))
    page = client.get(reverse("certificates:ca_list")).content.decode()
    for ca in CACertificate.objects.all():
        assert ca.subject_common_name in page
    assert set(CACertificate.objects.values_list("domain", "kind")) == {("AUTH", "root"), ("AUTH", "intermediate"),
                                                                       ("DEVICE", "root"), ("FTM", "root")}


def test_refused_ca_certificate_is_reported_with_the_engines_reason(run_import):
    report = run_import()[2]
    assert outcome(report, "ca_certificates", "ca-weak")["reason_code"] == "weak_rsa_key"
    assert not CACertificate.objects.filter(subject_common_name__startswith="Weak FTM Root").exists()


def test_imported_partner_certificate_gets_an_end_entity_platform_signed_copy(run_import):
    run_import()
    certificate = PartnerCertificate.objects.get(partner__partner_id=AUTH_PARTNER)
    from cryptography import x509

    signed = x509.load_pem_x509_certificate(certificate.platform_signed.pem.encode())
    assert not is_ca(signed) and signed.subject.rfc4514_string() == certificate.subject


def test_partner_without_certificate_is_imported_without_one(run_import):
    report = run_import()[2]
    assert outcome(report, "partners", "mpartner-bank-auth-0002")["outcome"] == "imported"
    assert not PartnerCertificate.objects.filter(partner__partner_id="mpartner-bank-auth-0002").exists()


def test_rejected_request_is_a_rejected_link_saying_mosip_gave_no_reason(run_import):
    run_import()
    link = PolicyLink.objects.get(partner__partner_id="mpartner-bank-auth-0002")
    assert link.status == PolicyLink.Status.REJECTED
    assert "MOSIP" in link.comment


def test_refused_policy_document_is_imported_as_a_reported_draft(run_import):
    report = run_import()[2]
    line = outcome(report, "policies", "mpolicy-bad")
    assert line["outcome"] == "imported" and line["reason_code"] == "invalid_document"
    policy = Policy.objects.get(name="mpolicy-bad")
    assert policy.status == Policy.Status.DRAFT and policy.document["authTokenType"] == "magic"


def test_policy_statuses_follow_mosip(run_import):
    run_import()
    statuses = dict(Policy.objects.values_list("name", "status"))
    assert statuses == {"mpolicy-ekyc": "published", "mpolicy-draft": "draft", "mpolicy-retired": "deactivated",
                        "mpolicy-bad": "draft", "mpolicy-qrcode": "published"}


def test_partners_keep_their_mosip_ids_types_groups_and_status(run_import):
    run_import()
    partner = Partner.objects.get(partner_id=AUTH_PARTNER)
    assert partner.organization_name == "Tech5 Auth" and partner.partner_type.code == "auth-partner"
    assert partner.policy_group_choice.group.name == "Banking"
    assert Partner.objects.get(partner_id="mpartner-inactive-0007").status == Partner.Status.DEACTIVATED
    assert Partner.objects.get(partner_id="mpartner-abis-0008").partner_type.code == "mosip-abis-partner"
    assert not Partner.objects.filter(partner_id__in=["mpartner-admin-0005", "mpartner-deleted-0006"]).exists()
    assert Partner.objects.get(partner_id="mpartner-noemail-0009").address == ""  # MOSIP's columns are nullable


def test_imported_keys_are_legacy_and_expire_after_the_given_days(run_import):
    run_import("--legacy-key-expiry-days", "30")
    key = ApiKey.objects.get(partner__partner_id=AUTH_PARTNER, label="Production")
    assert key.legacy and 29 <= (key.expires_at - key.created_at).days <= 60
    from django.utils import timezone

    assert 29 <= (key.expires_at - timezone.now()).days <= 30


def test_oidc_client_keeps_its_client_id_and_a_weak_key_is_refused(run_import):
    report = run_import()[2]
    client = OidcClient.objects.get(client_id="Tech5-RP-9f3b2c1d")
    assert client.redirect_uris == ["https://tech5.example/callback", "io.tech5.app://oauth"]
    assert outcome(report, "oidc_clients", "Tech5-RP-weak")["reason_code"] == "jwk_weak"


def test_second_run_creates_nothing_twice(run_import):
    run_import()
    before = {model: model.objects.count() for model in MODELS}
    report = run_import()[2]
    assert {model: model.objects.count() for model in MODELS} == before
    assert not [r for r in rows(report) if r["outcome"] in ("imported", "updated")]
    assert {r["reason_code"] for r in rows(report) if r["outcome"] == "skipped"} >= {"unchanged"}


def test_second_run_updates_what_changed_in_mosip(run_import, mosip):
    run_import()
    with mosip.write() as source:
        source.execute("UPDATE pms.partner SET name = 'Tech5 Authentication' WHERE id = %s", [AUTH_PARTNER])
        source.execute("UPDATE pms.partner_policy SET is_active = false WHERE label = 'Production'")
    report = run_import()[2]
    assert outcome(report, "partners", AUTH_PARTNER)["outcome"] == "updated"
    assert Partner.objects.get(partner_id=AUTH_PARTNER).organization_name == "Tech5 Authentication"
    assert verify(KEYS["second"]) == {"valid": False}
