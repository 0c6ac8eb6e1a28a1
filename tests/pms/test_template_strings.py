"""No English written in a template outside {% translate %}, and the detector of English in pages (issue 13)."""

import pytest
from django.utils import translation

from tests.untranslated import UNIVERSAL, english_in_page, literals_of, template_literals


def test_no_template_writes_text_outside_translation_tags():
    written = {name: [s for s in segments if s not in UNIVERSAL] for name, segments in template_literals().items()}
    assert {name: segments for name, segments in written.items() if segments} == {}


def test_the_template_check_finds_text_and_perceived_attributes_written_in_english():
    source = ('{% load i18n %}<p>Hello <b>{{ name }}</b></p><button aria-label="Close">{% translate "Save" %}'
              '</button>{% blocktranslate trimmed %}Signed in{% endblocktranslate %}{# a note #}'
              '<input type="submit" value="Send"><span class="badge text-bg-{{ kind }}">·</span>')
    assert literals_of(source) == ["Hello", "Close", "Send"]


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_an_untranslated_msgid_in_a_french_or_arabic_page_is_found(language):
    html = (f'<html lang="{language}"><body><dt>Partner ID</dt><dd>AP-7K3Q9X</dd>'
            '<p>Acme Authentication · Valid until 1 Dec 2026</p><a aria-label="Main navigation" href="/">x</a>'
            "</body></html>")
    assert english_in_page(html, language) == ["Main navigation", "Partner ID", "Valid until 1 Dec 2026"]


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_data_code_and_text_marked_in_another_language_are_not_reported(language):
    html = (f'<html lang="{language}"><body><code>Partner ID</code><pre>{{"Status": 1}}</pre>'
            '<select><option lang="en">English</option></select><input value="Partner ID">'
            '<p>Acme Authentication · AP-7K3Q9X · production · OTP</p><p translate="no">Policy</p>'
            "<td>عدة أصابع (Slap)</td></body></html>")
    assert english_in_page(html, language) == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_translated_page_has_no_english_left(client, language):
    with translation.override(language):
        client.cookies["pms_language"] = language
        html = client.get("/accounts/login/").content.decode()
    assert english_in_page(html, language) == []
