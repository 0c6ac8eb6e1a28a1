"""What list pages render in Python instead of a template per row or per widget (issue 12) renders the same."""

import uuid

import pytest
from django import forms
from django.urls import NoReverseMatch, reverse

from pms.links import code_url
from pms.templatetags import pms_tags


class _Form(forms.Form):
    name = forms.CharField(max_length=10, help_text="A name")
    count = forms.IntegerField(min_value=0, required=False)
    email = forms.EmailField(required=False, widget=forms.EmailInput(attrs={"placeholder": 'say "hi"'}))
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    secret = forms.CharField(required=False, widget=forms.PasswordInput)
    note = forms.CharField(required=False, widget=forms.Textarea)


def _attributes(html: str) -> list[str]:
    """The tag's attributes, in any order (Django's template and flatatt order them differently)."""
    return sorted(html.replace(">", " >").split())


def _fast_and_slow(form, renderer: str, monkeypatch) -> tuple[list[str], list[str]]:
    """Each field rendered by the Python renderer, then by Django's widget template (the renderer switched off)."""
    form.is_bound and form.is_valid()
    fast = [pms_tags.render_widget(field) for field in form]
    monkeypatch.setattr(pms_tags, renderer, lambda *args: None)
    return fast, [pms_tags.render_widget(field) for field in form]


@pytest.mark.parametrize("data", [
    None, {"name": '<b>"x"&', "count": "3", "email": "a@b.org", "day": "2026-01-02", "secret": "s3cret"},
    {"name": "", "count": "not a number"}])
def test_inputs_rendered_in_python_are_what_djangos_template_renders(data, monkeypatch):
    fast, slow = _fast_and_slow(_Form(data), "_render_input", monkeypatch)

    assert [_attributes(html) for html in fast] == [_attributes(html) for html in slow]
    assert "s3cret" not in "".join(fast)


class _Filters(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", "Any"), ("a&b", "<A & B>"), ("c", "C"), ("c", "C again")])
    kind = forms.ChoiceField(choices=[("x", "X"), ("y", "Y")])
    grouped = forms.ChoiceField(required=False, choices=[("Group", [("g", "G")])])


def _select(html: str) -> tuple[list[str], str]:
    """The select's attributes in any order, then its options exactly (whitespace aside)."""
    tag, options = html.split(">", 1)
    return _attributes(tag), " ".join(options.split())


@pytest.mark.parametrize("data", [None, {"status": "a&b", "kind": "y"}, {"status": "c"}, {"status": "zz"}])
def test_selects_rendered_in_python_are_what_djangos_template_renders(data, monkeypatch):
    fast, slow = _fast_and_slow(_Filters(data), "_render_select", monkeypatch)

    assert [_select(html) for html in fast] == [_select(html) for html in slow]


def test_a_row_link_is_the_reversed_url():
    code = uuid.uuid4()
    assert code_url("certificates:ca_detail", code) == reverse("certificates:ca_detail", kwargs={"code": code})
    assert code_url("apikeys:detail", str(code)) == reverse("apikeys:detail", kwargs={"code": code})


def test_a_row_link_refuses_what_is_not_a_uuid():
    with pytest.raises(ValueError):
        code_url("certificates:ca_detail", "../../admin")


def test_a_row_link_needs_a_page_addressed_by_a_code():
    with pytest.raises(NoReverseMatch):
        code_url("dashboard", uuid.uuid4())
