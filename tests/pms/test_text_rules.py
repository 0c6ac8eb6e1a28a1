"""Free text (pms.text): every form field refuses NUL, control characters, unpaired surrogates and direction
overrides with a translated message; line breaks only in text areas; every field has a maximum length."""

import pytest
from django import forms
from hypothesis import given, settings
from hypothesis import strategies as st

from pms import text
from policies.forms import PolicyGroupForm
from policies.models import PolicyGroup

pytestmark = pytest.mark.django_db

MESSAGES = {
    "nul": "This text contains the NUL character, which is not allowed.",
    "control_characters": "This text contains control characters (such as escape or bell); remove them.",
    "surrogates": "This text contains invalid characters (unpaired surrogates); type it again.",
    "direction_overrides": "This text contains invisible characters that change the direction of the text; "
                           "remove them.",
    "line_breaks": "This text must fit on one line: remove the line breaks and tabs.",
}
CASES = [
    ("nul", "Acme\x00Corp"), ("control_characters", "Acme\x1b[31m"), ("control_characters", "Acme\x7f"),
    ("control_characters", "Ac\x85me"), ("surrogates", "Acme\ud800"), ("direction_overrides", "Acme\u202egnp.exe"),
    ("direction_overrides", "Acme\u2066x"), ("line_breaks", "Acme\r\nBcc: x"), ("line_breaks", "Acme\tCorp"),
]


@pytest.mark.parametrize(("code", "value"), CASES)
def test_a_single_line_field_refuses_each_class_with_its_message(code, value):
    form = PolicyGroupForm({"name": value, "description": ""})

    assert not form.is_valid()
    assert form.errors["name"] == [MESSAGES[code]]


def test_a_text_area_keeps_line_breaks_and_tabs_but_refuses_the_rest():
    assert PolicyGroupForm({"name": "Banks", "description": "Line one\r\n\tLine two"}).is_valid()
    form = PolicyGroupForm({"name": "Banks", "description": "Line one\x0bLine two"})
    assert form.errors["description"] == [MESSAGES["control_characters"]]


def test_the_refusal_is_translated():
    from django.utils import translation

    with translation.override("ar"):
        form = PolicyGroupForm({"name": "a\x01", "description": ""})
        assert form.errors["name"] == ["يحتوي هذا النص على محارف تحكم (مثل الهروب أو الجرس)؛ احذفها."]


def test_arabic_text_with_direction_marks_is_accepted():
    # Right-to-left and left-to-right marks are how Arabic text with Latin parts is typed: they stay allowed.
    assert PolicyGroupForm({"name": "بنوك \u200fالمغرب\u200e ABC", "description": ""}).is_valid()


def test_the_rule_applies_to_forms_the_project_does_not_write(client):
    response = client.post("/accounts/login/", {"login": "alice\x01", "password": "x"})

    assert MESSAGES["control_characters"] in response.content.decode()


def test_a_field_without_max_length_gets_the_default_one():
    class Bare(forms.Form):
        note = forms.CharField()
        essay = forms.CharField(widget=forms.Textarea)

    form = Bare({"note": "a" * (text.DEFAULT_MAX_LENGTH + 1), "essay": "a" * (text.TEXTAREA_MAX_LENGTH + 1)})

    assert not form.is_valid()
    assert form.errors["note"] == [f"Ensure this value has at most {text.DEFAULT_MAX_LENGTH} characters "
                                   f"(it has {text.DEFAULT_MAX_LENGTH + 1})."]
    assert "essay" in form.errors


def test_the_profile_refuses_a_control_character_and_saves_nothing(alice_client, alice):
    response = alice_client.post("/account/profile/", {"first_name": "Al\x07ice", "last_name": "Moreau",
                                                       "address": "1 Rue", "phone_number": "+33123456789"})

    assert response.status_code == 200
    assert MESSAGES["control_characters"] in response.content.decode()
    alice.refresh_from_db()
    assert alice.first_name == "Test"


def test_a_policy_group_with_an_injected_line_break_is_not_created(carol_client):
    carol_client.post("/policies/groups/new/", {"name": "Banks\r\nBcc: all@example.org", "description": ""})

    assert not PolicyGroup.objects.exists()


forbidden = st.sampled_from(["\x00", "\x01", "\x1f", "\x7f", "\x9b", "\ud800", "\udfff", "\u202e", "\u2069"])


@settings(max_examples=200, deadline=None)
@given(st.text(), forbidden, st.text())
def test_any_text_with_a_forbidden_character_is_refused(before, bad, after):
    for multiline in (False, True):
        assert text.text_problem(before + bad + after, multiline=multiline) is not None


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="\u202a\u202b\u202c\u202d"
                                                                                   "\u202e\u2066\u2067\u2068\u2069")))
def test_any_printable_text_is_accepted(value):
    assert text.text_problem(value, multiline=False) is None


def test_json_form_fields_apply_the_json_rules():
    # forms.JSONField is what Django's admin edits JSON columns (policy documents) with.
    field = forms.JSONField()

    with pytest.raises(forms.ValidationError) as refused:
        field.clean('{"a": "\\u0000"}')

    assert refused.value.messages == ["The JSON contains the NUL character (\\u0000), which cannot be stored."]
    assert field.clean('{"a": "fine"}') == {"a": "fine"}
