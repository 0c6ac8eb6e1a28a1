"""The list pages' filter bar, form fields and pagination, rendered in Python (pms/listparts.py, issue 12)."""

import re

from django import forms
from django.core.paginator import Paginator
from django.template import engines
from django.test import RequestFactory

from pms.keyset import KeysetPage


class _Form(forms.Form):
    name = forms.CharField(label="Name <b>", max_length=3, help_text="Three <em>letters</em> at most",
                           error_messages={"max_length": "It's <too> long"})
    agree = forms.BooleanField(label="Agree & go", required=False)

    def clean(self):
        raise forms.ValidationError("Nothing's <right>")


def _render(source: str, path: str = "/list/", **context) -> str:
    request = RequestFactory().get(path, context.pop("query", {}))
    return engines["django"].from_string("{% load pms_tags %}" + source).render({**context, "request": request})


def test_labels_and_errors_are_escaped_exactly_once():
    form = _Form({"name": "toolong"})
    form.is_valid()
    html = _render("{% filter_bar form %}", form=form)
    for shown in ["Name &lt;b&gt;", "It&#x27;s &lt;too&gt; long", "Nothing&#x27;s &lt;right&gt;", "Agree &amp; go"]:
        assert shown in html
    assert "&amp;#x27;" not in html and "&amp;lt;" not in html


def test_a_field_points_its_widget_to_its_help_text_and_errors():
    form = _Form({"name": "toolong"})
    form.is_valid()
    html = _render("{% form_field form.name %}", form=form)
    described = re.search(r'aria-describedby="([^"]+)"', html).group(1).split()
    assert described == ["id_name_helptext", "id_name_error"]
    assert all(f'id="{target}"' in html for target in described)
    assert "Three <em>letters</em> at most" in html  # help text is the code's own HTML


def test_the_clear_link_is_the_escaped_page_path():
    html = _render("{% filter_bar form %}", path='/list/"><script>', form=_Form())
    assert '<script>' not in html and 'href="/list/&quot;&gt;&lt;script&gt;"' in html


def test_page_links_keep_the_filters_and_a_capped_count_says_more_than():
    paginator = Paginator(list(range(80)), 25)
    paginator.capped = True
    html = _render("{% pagination page %}", query={"q": "a&b", "page": "2"}, page=paginator.get_page(2))
    assert 'href="?q=a%26b&amp;page=1"' in html and 'href="?q=a%26b&amp;page=3"' in html
    assert "Page 2 of more than 4" in html and "Only the first 80 matches are listed" in html


def test_a_single_page_shows_no_pagination():
    paginator = Paginator([1, 2], 25)
    paginator.capped = False
    assert _render("{% pagination page %}", page=paginator.get_page(1)).strip() == ""


def test_keyset_links_drop_the_other_cursor_and_keep_the_filters():
    page = KeysetPage(object_list=[], newer="n1", older="o1")
    html = _render("{% keyset_pagination page %}", query={"module": "x&y", "older": "old"}, page=page)
    assert 'href="?module=x%26y&amp;newer=n1" rel="prev"' in html
    assert 'href="?module=x%26y&amp;older=o1" rel="next"' in html and 'href="?module=x%26y">' in html


class _Choices(forms.Form):
    kind = forms.ChoiceField(label="Kind", required=False, choices=[])
    q = forms.CharField(label="Search", required=False)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "All"), *kinds]


def _fresh_bar(form, path: str = "/list/") -> str:
    from pms import listparts
    from pms.templatetags.pms_tags import render_widget

    return str(listparts._filter_bar(form, path=path, column="col-lg-3", widget_html=render_widget))


def test_the_bar_of_a_list_as_opened_is_kept_and_is_the_bar_rendered_afresh():
    form = _Choices(kinds=[("a", "Alpha")])
    first, second = _render("{% filter_bar form %}", form=form), _render("{% filter_bar form %}", form=form)
    assert first == second == _fresh_bar(form) and "Alpha" in first


def test_a_bar_with_other_choices_is_another_bar():
    _render("{% filter_bar form %}", form=_Choices(kinds=[("a", "Alpha")]))
    html = _render("{% filter_bar form %}", form=_Choices(kinds=[("a", "Alpha"), ("b", "Beta <new>")]))
    assert "Beta &lt;new&gt;" in html


def test_a_bar_of_chosen_filters_shows_them():
    _render("{% filter_bar form %}", form=_Choices(kinds=[("a", "Alpha")]))
    html = _render("{% filter_bar form %}", form=_Choices({"kind": "a", "q": "x<y"}, kinds=[("a", "Alpha")]))
    assert '<option value="a" selected>Alpha</option>' in html and 'value="x&lt;y"' in html


def test_a_bar_is_kept_per_language():
    from django.utils import translation

    with translation.override("fr"):
        french = _render("{% filter_bar form %}", form=_Choices())
    english = _render("{% filter_bar form %}", form=_Choices())
    assert ">Filtrer<" in french and ">Filter<" in english


def test_a_bar_is_kept_per_page_path():
    _render("{% filter_bar form %}", form=_Choices())
    assert 'href="/other/"' in _render("{% filter_bar form %}", path="/other/", form=_Choices())


def test_a_bar_of_other_chosen_filters_shows_those():
    _render("{% filter_bar form %}", form=_Choices({"kind": "a", "q": "first"}, kinds=[("a", "Alpha")]))
    html = _render("{% filter_bar form %}", form=_Choices({"kind": "", "q": "second"}, kinds=[("a", "Alpha")]))
    assert 'value="second"' in html and "first" not in html and "selected>Alpha" not in html


def test_a_bar_with_errors_shows_them_and_the_same_values_without_errors_do_not():
    class _Short(_Choices):
        q = forms.CharField(label="Search", required=False, max_length=3)

    assert "invalid-feedback" in _render("{% filter_bar form %}", form=_Short({"q": "long"}))
    assert "invalid-feedback" not in _render("{% filter_bar form %}", form=_Short({"q": "abc"}))
    assert "invalid-feedback" in _render("{% filter_bar form %}", form=_Short({"q": "long"}))
