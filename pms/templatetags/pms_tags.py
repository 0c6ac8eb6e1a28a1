from django import forms, template
from django.utils.translation import gettext as _

from pms import permissions

register = template.Library()


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
    return field.as_widget(attrs=attrs)


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
