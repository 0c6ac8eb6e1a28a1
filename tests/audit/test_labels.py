"""The audit trail in words, not codes (issue 13, point 4)."""

import re
from pathlib import Path

import pytest

from audit import labels
from audit import services as audit
from tests.audit.test_views import shown

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
RECORDED = re.compile(r"""(?:\brecord\(\s*(?:event=)?|record_refusal\(\s*)["']([a-z0-9_]+)["']""")
MODULES = re.compile(r"""\bmodule=["']([a-z0-9_]+)["']|^MODULE = ["']([a-z0-9_]+)["']""", re.MULTILINE)


def source_files():
    return [path for path in ROOT.glob("*/**/*.py")
            if not path.is_relative_to(ROOT / "tests") and ".venv" not in path.parts and "migrations" not in path.parts]


def test_every_event_and_module_the_code_records_has_a_label():
    """An app that records a new event must say what it means (register_audit_labels in its ready())."""
    events, modules = set(), set()
    for path in source_files():
        text = path.read_text()
        events |= set(RECORDED.findall(text))
        modules |= {a or b for a, b in MODULES.findall(text)}
    known_modules, known_events = labels.known_codes()
    assert events and modules
    assert events - known_events == set()
    assert modules - known_modules == set()


def audit_page(client, language: str) -> str:
    client.cookies["pms_language"] = language
    return client.get("/audit/").content.decode()


def test_the_audit_trail_shows_labels_in_the_readers_language(dave_client, alice):
    audit.record(event="api_key_deactivated", module="apikeys", actor=alice,
                 details={"label": "production", "prefix": "pms_abc", "reason": "by_partner"})
    audit.record(event="api_key_expired", module="apikeys", details={"expired_at": "2026-12-01T14:03:00+00:00"})
    html = audit_page(dave_client, "fr")
    for text in ("Clés API et clients OIDC", "Clé API désactivée", "Préfixe de la clé", "Libellé",
                 "Désactivée par le partenaire", "Système", "1 déc. 2026, 14:03 UTC"):
        assert text in html, text
    assert "by_partner" not in html and "label=production" not in html and ">api_key_deactivated<" not in html


def test_the_filters_offer_labels_and_keep_codes_in_the_url(dave_client):
    audit.record(event="api_key_generated", module="apikeys")
    dave_client.cookies["pms_language"] = "ar"
    form = dave_client.get("/audit/").context["form"]
    assert ("api_key_generated", "تم إنشاء مفتاح API") in form.fields["event"].choices
    assert ("apikeys", "مفاتيح API وعملاء OIDC") in form.fields["module"].choices


def test_an_event_nobody_labelled_is_shown_as_its_code(dave_client):
    audit.record(event="something_new", module="elsewhere", details={"odd_key": "value"})
    html = audit_page(dave_client, "en")
    assert "<code>something_new</code>" in html and "<code>elsewhere</code>" in html
    assert "<code>odd_key</code>" in html


def test_references_are_named_by_their_kind(dave_client, alice):
    audit.record(event="partner_registered", module="partners", actor=alice, reference=alice.partner)
    assert "Partenaire" in audit_page(dave_client, "fr")


@pytest.mark.parametrize(("language", "key", "signature"), [
    ("en", "EC P-256 (256 bits)", "ECDSA with SHA256"),
    ("fr", "EC P-256 (256 bits)", "ECDSA avec SHA256"),
    ("ar", "EC P-256 \u200f(256 بت)", "ECDSA مع SHA256")])
def test_key_and_signature_algorithms_read_in_each_language(alice, language, key, signature):
    from django.utils import translation

    from tests.certificates.factories import give_valid_partner_certificate

    certificate = give_valid_partner_certificate(alice.partner)
    with translation.override(language):
        assert (certificate.key_description, certificate.signature_description) == (key, signature)


def test_policy_editor_codes_come_with_a_translated_description(carol_client):
    carol_client.cookies["pms_language"] = "fr"
    html = carol_client.get("/policies/catalog/new/auth/").content.decode()
    assert '<code class="small" dir="ltr">kycauth</code>' in html
    assert "Authentifier la personne avant un échange e-KYC." in html
    assert "partner — Un jeton propre à la personne, le même pour toutes les politiques du partenaire" in html


def test_coded_values_are_read_in_their_modules_words(dave_client):
    audit.record(event="api_key_expired", module="apikeys", details={"reason": "expired"})
    audit.record(event="sbi_expired", module="devices", details={"reason": "expired"})
    audit.record(event="partner_certificate_upload_refused", module="certificates", outcome="failure",
                 details={"reason": "pem_bundle"})
    response = dave_client.get("/audit/")
    rows = {event.event: labels.describe(event).details[0].value for event in shown(response.context["page"])
            if event.details}
    assert all(value in response.content.decode() for value in rows.values())
    assert rows == {"api_key_expired": "Expired", "sbi_expired": "SBI expired",
                    "partner_certificate_upload_refused": "Several certificates in one file"}
