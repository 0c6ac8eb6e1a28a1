from django import forms, template
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from pms import links, listparts, permissions

register = template.Library()

_BADGE_COLOURS = {"active": "success", "approved": "success", "published": "success", "success": "success",
                  "deactivated": "danger", "rejected": "danger", "failure": "danger", "expired": "danger",
                  "draft": "secondary"}


@register.simple_tag
def row(template, item, name="item"):
    """{% row "certificates/_ca_row.html" ca "ca" %}: one list row, rendered once per content (pms/rows.py)."""
    from pms.rows import render_row

    return render_row(template, name, item)


@register.simple_tag
def code_url(name, code) -> str:
    """{% code_url 'certificates:ca_detail' ca.code %}: {% url %} for a row's page, without the resolver walk."""
    return links.code_url(name, code)


@register.simple_tag
def status_badge(status, label) -> str:
    """A status as a coloured badge; a tag rather than an include, since lists show one per row (issue 12)."""
    colour = _BADGE_COLOURS.get(str(status), "warning")
    return format_html('<span class="badge status-badge status-{} text-bg-{}">{}</span>', status, colour, label)


def _render_select(widget, field, attrs) -> str | None:
    """A single select rendered in Python, as Django's template renders it, without one template per option
    (a filter bar's select of a hundred events cost milliseconds, issue 12). None where the template is needed
    (option groups, another widget)."""
    if type(widget) is not forms.Select:
        return None
    attrs = field.build_widget_attrs(attrs, widget)  # required, disabled, as BoundField.as_widget adds them
    final_attrs = widget.build_attrs(widget.attrs, attrs)
    current = set(widget.format_value(field.value()))
    options, selected = [], False
    for value, label in widget.choices:
        if isinstance(label, list | tuple):
            return None
        value = "" if value is None else str(value)
        chosen = not selected and value in current
        selected = selected or chosen
        options.append(f'\n  <option value="{escape(value)}"{" selected" if chosen else ""}>{conditional_escape(label)}'
                       "</option>")
    return format_html('<select name="{}"{}>{}\n</select>', field.html_name, flatatt(final_attrs),
                       mark_safe("".join(options)))  # noqa: S308 (each part escaped above)


# Django's templates of one-line inputs: each only includes input.html.
_INPUT_TEMPLATES = {f"django/forms/widgets/{name}.html" for name in (
    "input", "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time", "search", "tel")}


def _render_input(widget, field, attrs) -> str | None:
    """A one-line input (text, number, e-mail, date…) rendered in Python as Django's input.html renders it
    (issue 12: a filter bar's eight widgets cost a template render each). None where the template is needed."""
    if not isinstance(widget, forms.widgets.Input) or widget.template_name not in _INPUT_TEMPLATES:
        return None
    attrs = field.build_widget_attrs(attrs, widget)
    context = widget.get_context(field.html_name, field.value(), widget.build_attrs(widget.attrs, attrs))["widget"]
    value = context["value"]
    value_attr = format_html(' value="{}"', str(value)) if value is not None else ""
    return format_html('<input type="{}" name="{}"{}{}>', context["type"], context["name"], value_attr,
                       flatatt(context["attrs"]))


@register.simple_tag
def render_widget(field):
    """The field's widget with Bootstrap classes and the ARIA links to its help text and errors."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    attrs = {"class": " ".join(filter(None, [widget.attrs.get("class"), css]))}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        described.append(f"{field.auto_id}_error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if "id" not in widget.attrs and field.auto_id:
        attrs["id"] = field.auto_id
    fast = _render_select(widget, field, attrs) or _render_input(widget, field, attrs)
    return fast or field.as_widget(attrs=attrs)


@register.simple_tag
def form_field(field):
    """{% form_field field %}: label, widget, help text and errors (pms/listparts.py; components/field.html)."""
    return listparts.field(field, render_widget)


@register.simple_tag(takes_context=True)
def filter_bar(context, form, column="col-lg-3"):
    """{% filter_bar form "col-xl" %}: a list page's filter bar, in Python (pms/listparts.py)."""
    return listparts.filter_bar(form, path=context["request"].path, column=column or "col-lg-3",
                                widget_html=render_widget)


@register.simple_tag(takes_context=True)
def pagination(context, page):
    """{% pagination page %}: previous / page n of N / next of a numbered list, in Python (pms/listparts.py)."""
    return listparts.pagination(page, lambda **changes: query_with(context, **changes))


@register.simple_tag(takes_context=True)
def keyset_pagination(context, page):
    """{% keyset_pagination page %}: newest / newer / older of a keyset-paginated list (pms/listparts.py)."""
    return listparts.keyset_pagination(page, lambda **changes: query_with(context, **changes))


@register.simple_tag(takes_context=True)
def portal_nav(context):
    """The side navigation of the user's features (pms/navigation.py: one fragment per language and feature set)."""
    from pms.navigation import navigation_html
    from pms.portal import features_for_request

    request = context["request"]
    return mark_safe(navigation_html(request, features_for_request(request)))  # noqa: S308 (our template's output)


@register.filter
def is_checkbox(field) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for pagination and sort links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.simple_tag
def yes_no(value) -> str:
    return _("Yes") if value else _("No")


@register.filter
def startswith(value, prefix) -> bool:
    return bool(prefix) and str(value).startswith(str(prefix))


@register.filter
def has_feature(user, feature: str) -> bool:
    """{% if user|has_feature:"apikeys" %}: the user's partner type offers this feature."""
    return permissions.has_feature(user, feature)
