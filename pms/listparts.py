"""The parts every list page shares, rendered in Python: form fields, the filter bar, the pagination (issue 12).

As templates (components/field.html included once per field, filters.html, pagination.html) they cost a
template render per field and per part on every view of every list, a millisecond or more a page. Here they
are a few string joins producing the same markup; the component templates call these functions, so a page
may include them or call the tags directly (`{% filter_bar form %}`, `{% pagination page %}`).
Everything that comes from a form or a request is escaped (format_html, conditional_escape); only a field's
help text is trusted as HTML, as the template did (`|safe`): it is written in the code, never typed by a user.
"""

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import formats
from .choices import TranslatedChoices
from .rows import cached


def form_errors(form) -> SafeString:
    errors = form.non_field_errors()
    if not errors:
        return mark_safe("")
    paragraphs = "".join(format_html('<p class="mb-0">{}</p>', error) for error in errors)
    return format_html('<div class="alert alert-danger" role="alert">{}</div>\n', mark_safe(paragraphs))  # noqa: S308


def field(bound, widget_html) -> SafeString:
    """One field as components/field.html showed it: label, widget, help text and errors (with their ids for
    the widget's aria-describedby). `widget_html(bound)` renders the widget (pms_tags.render_widget)."""
    if bound.is_hidden:
        return mark_safe(str(bound))  # noqa: S308 (Django's widget rendering escapes)
    auto_id = bound.auto_id
    help_text = format_html('\n  <div id="{}_helptext" class="form-text">{}</div>', auto_id,
                            mark_safe(bound.help_text)) if bound.help_text else ""  # noqa: S308 (the code's text)
    errors = format_html('\n  <div id="{}_error" class="invalid-feedback d-block">{}</div>', auto_id,
                         mark_safe(" ".join(conditional_escape(error) for error in bound.errors))  # noqa: S308
                         ) if bound.errors else ""
    if isinstance(bound.field.widget, forms.CheckboxInput):
        return format_html('<div class="mb-3 form-check">\n  {}\n  <label class="form-check-label" for="{}">{}</label>'
                           "{}{}\n</div>", widget_html(bound), auto_id, bound.label, help_text, errors)
    required = mark_safe(' <span class="required" aria-hidden="true">*</span>') if bound.field.required else ""
    return format_html('<div class="mb-3">\n  <label class="form-label" for="{}">{}{}</label>\n  {}{}{}\n</div>',
                       auto_id, bound.label, required, widget_html(bound), help_text, errors)


def filter_bar(form, *, path: str, column: str, widget_html) -> SafeString:
    """A list page's filter bar (GET form): every field of `form` in a grid cell of class `column`.

    Without initial values and without errors (the list as opened, or filtered by valid values), the bar is a
    function of the form's class, prefix and ids, the language, the path, the column, its selects' choices and the
    values it shows only: it is rendered once per those and kept in the per-process store of `pms.rows` (issue 12).
    A form with errors shows them: rendered for the request."""
    if ((not form.is_bound or form.is_valid()) and not form.initial
            and all(field.initial is None for field in form.fields.values())):
        choices = tuple((name, _choices_key(field.choices))
                        for name, field in form.fields.items() if isinstance(field, forms.ChoiceField))
        shown = tuple(repr(bound.value()) for bound in form) if form.is_bound else ()
        key = ("filter_bar", type(form), form.prefix, form.auto_id, get_language(), path, column, choices, shown)
        return cached(key, lambda: _filter_bar(form, path=path, column=column, widget_html=widget_html))
    return _filter_bar(form, path=path, column=column, widget_html=widget_html)


def _choices_key(choices) -> tuple:
    if isinstance(choices, TranslatedChoices):
        return choices.key()
    return tuple((str(value), str(label)) for value, label in choices)


def _filter_bar(form, *, path: str, column: str, widget_html) -> SafeString:
    cells = "".join(format_html('<div class="col-sm-6 {}">{}</div>', column, field(bound, widget_html))
                    for bound in form)
    return format_html(
        '<form method="get" class="filters card card-body mb-3">\n  {}<div class="row g-2 align-items-end">\n'
        '    {}\n    <div class="col-auto mb-3"><button type="submit" class="btn btn-primary">{}</button>\n'
        '      <a class="btn btn-link" href="{}">{}</a></div>\n  </div>\n</form>',
        form_errors(form), mark_safe(cells), _("Filter"), path, _("Clear"))  # noqa: S308 (cells escaped above)


def pagination(page, query_with) -> SafeString:
    """"Previous · Page n of N · Next" of a numbered page; `query_with(page=…)` gives each link's query."""
    paginator = page.paginator
    if paginator.num_pages <= 1:
        return mark_safe("")
    number, total = formats.format_number(page.number), formats.format_number(paginator.num_pages)
    if paginator.capped:
        where = _("Page %(number)s of more than %(total)s") % {"number": number, "total": total}
    else:
        where = _("Page %(number)s of %(total)s") % {"number": number, "total": total}
    items = [format_html('<li class="page-item"><a class="page-link" href="?{}">{}</a></li>',
                         query_with(page=page.previous_page_number()), _("Previous"))] if page.has_previous() else []
    items.append(format_html('<li class="page-item disabled"><span class="page-link">{}</span></li>', where))
    if page.has_next():
        items.append(format_html('<li class="page-item"><a class="page-link" href="?{}">{}</a></li>',
                                 query_with(page=page.next_page_number()), _("Next")))
    html = format_html('<nav aria-label="{}">\n  <ul class="pagination">\n    {}\n  </ul>\n</nav>', _("Pages"),
                       mark_safe("\n    ".join(items)))  # noqa: S308 (each item escaped above)
    if paginator.capped:
        limit = formats.format_number(paginator.count)
        html += format_html('\n<p class="small text-body-secondary">{}</p>', _(
            "Only the first %(limit)s matches are listed: narrow the search or the filters to find the others.")
            % {"limit": limit})
    return html


def keyset_pagination(page, query_with) -> SafeString:
    """Newest / newer / older of a keyset-paginated list (pms/keyset.py)."""
    if not page.has_other_pages:
        return mark_safe("")
    items = []
    if page.newer:
        items.append(format_html('<li class="page-item"><a class="page-link" href="?{}">{}</a></li>',
                                 query_with(older="", newer="", page=""), _("Newest")))
        items.append(format_html('<li class="page-item"><a class="page-link" href="?{}" rel="prev">{}</a></li>',
                                 query_with(older="", newer=page.newer, page=""), _("Newer")))
    if page.older:
        items.append(format_html('<li class="page-item"><a class="page-link" href="?{}" rel="next">{}</a></li>',
                                 query_with(newer="", older=page.older, page=""), _("Older")))
    return format_html('<nav aria-label="{}">\n  <ul class="pagination">\n    {}\n  </ul>\n</nav>', _("Pages"),
                       mark_safe("\n    ".join(items)))  # noqa: S308 (each item escaped above)
