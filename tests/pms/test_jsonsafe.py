"""The one JSON parser (pms.jsonsafe): each class of hostile JSON is refused with its own message, wherever
JSON enters the portal (verify API, policy documents, OIDC public keys), and stored JSON always renders."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pms import jsonsafe

HOSTILE = [
    ("json_invalid_utf8", b'{"a": "\xff\xfe"}', "The JSON is not valid UTF-8 text."),
    ("json_surrogate", '{"a": "\\ud800"}',
     "The JSON contains an unpaired surrogate (such as \\ud800): it is not valid Unicode text."),
    ("json_surrogate", '{"\\udfff": 1}',
     "The JSON contains an unpaired surrogate (such as \\ud800): it is not valid Unicode text."),
    ("json_nul", '["a\\u0000b"]', "The JSON contains the NUL character (\\u0000), which cannot be stored."),
    ("json_control_characters", '{"name": "a\\u001b[2Jb"}',
     "The JSON contains control characters (such as \\u001b) in a text; only tab and line breaks are allowed."),
    ("json_direction_overrides", '["\u202egnp.exe"]',
     "The JSON contains invisible characters that change the direction of a text (such as \\u202e)."),
    ("json_too_deep", "[" * 65 + "]" * 65, "The JSON is nested too deeply: at most 64 levels."),
    ("json_too_deep", "[" * 100_000 + "]" * 100_000, "The JSON is nested too deeply: at most 64 levels."),
    ("json_number_too_long", "1" * 31, "The JSON contains a number that is too long: at most 30 digits."),
    ("json_number_too_long", "1" * 5_000, "The JSON contains a number that is too long: at most 30 digits."),
    ("json_not_finite", '{"a": NaN}',
     "The JSON contains NaN, Infinity or a number out of range; JSON numbers must be finite."),
    ("json_not_finite", "-Infinity",
     "The JSON contains NaN, Infinity or a number out of range; JSON numbers must be finite."),
    ("json_not_finite", "1e400",
     "The JSON contains NaN, Infinity or a number out of range; JSON numbers must be finite."),
    ("json_duplicate_key", '{"a": 1, "a": 2}', 'The JSON repeats the key "a" in one object.'),
    ("json_too_large", "[" + "1," * 60 + "1]", "The JSON is too long: at most 100 characters."),
    ("json_too_large", b"[" + b"1," * 60 + b"1]", "The JSON is too long: at most 100 bytes."),
    ("json_syntax", '{"a": [1, 2}', "This is not valid JSON: a comma is expected (line 1, column 12)."),
]


@pytest.mark.parametrize(("code", "text", "message"), HOSTILE)
def test_each_class_of_hostile_json_is_refused_with_its_message(code, text, message):
    with pytest.raises(jsonsafe.JsonRefused) as refused:
        jsonsafe.loads(text, max_size=100 if "too_large" in code else 1_000_000)

    assert (refused.value.code, str(refused.value.message)) == (code, message)


def test_the_messages_are_translated():
    from django.utils import translation

    with translation.override("fr"), pytest.raises(jsonsafe.JsonRefused) as refused:
        jsonsafe.loads('{"a": "\\u0000"}', max_size=100)

    assert str(refused.value.message) == ("Le JSON contient le caractère NUL (\\u0000), qui ne peut pas être "
                                          "enregistré.")


def test_sane_json_is_parsed_as_json():
    text = ('{"a": [1, -2.5, "é", true, null, {"b": "\\u00e9\\ud83d\\ude00"}], "n": 123456789012345678901234567890, '
            '"lines": "one\\ttwo\\r\\nthree", "ar": "\u0628\u200f"}')

    assert jsonsafe.loads(text.encode(), max_size=1000) == json.loads(text)


def test_check_applies_the_same_rules_to_values_given_by_code():
    for value in ({"a": "\x00"}, ["\ud800"], {"n": float("nan")}, {"n": 10 ** 40}, _nested(70)):
        with pytest.raises(jsonsafe.JsonRefused):
            jsonsafe.check(value)
    jsonsafe.check({"a": [1, 2.5, "ok", None, True, _nested(60)]})


def _nested(depth: int):
    value: list = []
    for _ in range(depth - 1):
        value = [value]
    return value


any_text = st.text(st.characters(exclude_categories=()))  # NUL and unpaired surrogates included
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | any_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(any_text, children, max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200))
def test_any_input_is_parsed_or_refused_never_crashes(data):
    try:
        jsonsafe.loads(data, max_size=150)
    except jsonsafe.JsonRefused as refusal:
        assert refusal.code.startswith("json_") and str(refusal.message)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_what_is_accepted_can_be_stored_and_shown(value):
    try:
        jsonsafe.check(value)
    except jsonsafe.JsonRefused:
        return
    text = json.dumps(value, allow_nan=False)  # finite numbers only, as PostgreSQL's jsonb needs
    assert "\\u0000" not in text
    text.encode("utf-8")  # no unpaired surrogate
    assert jsonsafe.loads(text, max_size=10 ** 6) == value


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_display_shows_any_stored_value(value):
    jsonsafe.display(value).encode("utf-8")


def test_display_escapes_unpaired_surrogates_and_survives_deep_nesting():
    assert jsonsafe.display({"a": "x\ud800y"}) == '{\n  "a": "x\\ud800y"\n}'
    assert jsonsafe.display(_nested(600)).startswith("[\n  [\n")
    assert jsonsafe.display(_nested(5_000)) == "(This JSON is nested too deeply to be shown.)"
