"""One date, time and number format per language (issue 13, point 3), from CLDR through pms_format."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from pms import formats

MOMENT = datetime(2026, 12, 1, 14, 3, tzinfo=UTC)
TEMPLATE_DIRS = [Path(__file__).resolve().parents[2] / "templates"]


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load pms_format %}" + source).render(Context(context))


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "1 Dec 2026"), ("fr", "1 déc. 2026"), ("ar", "1 ديسمبر 2026")])
def test_a_date_is_a_medium_date_with_the_month_name(language, expected):
    assert render("{{ value|pms_date }}", language, value=MOMENT) == expected


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "1 Dec 2026, 14:03 UTC"), ("fr", "1 déc. 2026, 14:03 UTC"), ("ar", "1 ديسمبر 2026، 14:03 UTC")])
def test_a_moment_is_a_date_and_a_24_hour_time_with_the_time_zone(language, expected):
    assert render("{{ value|pms_datetime }}", language, value=MOMENT) == expected


def test_times_are_shown_in_the_portals_time_zone_with_its_offset(settings):
    settings.TIME_ZONE = "Europe/Paris"
    assert render("{{ value|pms_datetime }}", "en", value=MOMENT) == "1 Dec 2026, 15:03 UTC+01:00"


def test_a_date_near_midnight_is_the_day_of_the_portals_time_zone(settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    assert render("{{ value|pms_date }}", "fr", value=datetime(2026, 12, 1, 20, 0, tzinfo=UTC)) == "2 déc. 2026"


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "1,234,567"), ("fr", "1\u202f234\u202f567"), ("ar", "1,234,567")])
def test_numbers_use_the_languages_separators_and_latin_digits(language, expected):
    assert render("{{ value|pms_number }}", language, value=1234567) == expected


@pytest.mark.parametrize(("language", "days", "expected"), [
    ("en", 12, "Expires in 12 days"), ("fr", 12, "Expire dans 12 jours"),
    ("ar", 12, "تنتهي الصلاحية خلال 12 يومًا"),
    ("en", -3, "Expired 3 days ago"), ("fr", -3, "A expiré il y a 3 jours"),
    ("ar", -3, "انتهت الصلاحية قبل 3 أيام")])
def test_expiry_is_also_said_relative_to_now(language, days, expected):
    now = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
    with translation.override(language):
        assert formats.expires_in(now + timedelta(days=days, minutes=1 if days > 0 else -1), now=now) == expected


def test_relative_expiry_can_stay_silent_while_the_date_is_far_away(time_machine):
    time_machine.move_to(MOMENT)
    far, near = MOMENT + timedelta(days=36500), MOMENT + timedelta(days=12, hours=1)
    assert render("{{ value|pms_expires_in:90 }}", "en", value=far) == ""
    assert render("{{ value|pms_expires_in:90 }}", "en", value=near) == "Expires in 12 days"
    assert render("{{ value|pms_expires_in }}", "en", value=far) == "Expires in 100 years"


def test_empty_values_show_nothing():
    assert render("{{ a|pms_date }}{{ a|pms_datetime }}{{ a|pms_expires_in }}{{ a|pms_number }}", "en",
                  a=None) == ""


def test_no_template_formats_dates_with_djangos_date_filter():
    """Lists showed "12/01/2026 2:03 p.m." while details showed "Dec. 1, 2026": pages use pms_format only."""
    offenders = [str(path) for directory in TEMPLATE_DIRS for path in directory.rglob("*.html")
                 if "|date" in path.read_text() or "|time" in path.read_text()]
    assert offenders == []


def test_a_list_and_a_detail_page_show_the_same_date(alice_client, alice):
    from apikeys import services
    from tests.apikeys.factories import approved_link

    key, _ = services.generate_api_key(partner=alice.partner, link=approved_link(alice.partner),
                                       label="production", actor=alice)
    expected = formats.format_date(key.created_at)
    assert expected in alice_client.get("/apikeys/").content.decode()
    assert expected in alice_client.get(f"/apikeys/{key.code}/").content.decode()


def test_a_moment_formatted_once_is_formatted_anew_in_another_time_zone(settings):
    """Formats are kept per language and wall-clock time (issue 12): the same instant in two zones differs."""
    assert render("{{ value|pms_datetime }}", "en", value=MOMENT) == "1 Dec 2026, 14:03 UTC"
    settings.TIME_ZONE = "Europe/Paris"

    assert render("{{ value|pms_datetime }}", "en", value=MOMENT) == "1 Dec 2026, 15:03 UTC+01:00"


def test_a_date_formatted_once_in_english_is_formatted_anew_in_french():
    assert render("{{ value|pms_date }}", "en", value=MOMENT) == "1 Dec 2026"
    assert render("{{ value|pms_date }}", "fr", value=MOMENT) == "1 déc. 2026"
