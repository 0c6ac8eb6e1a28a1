from django import forms
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from . import catalog, labels
from .models import Outcome

# (language, labels' version) → the module and event choices: sorting a hundred translated labels took half a
# millisecond on every view of the audit trail, for lists that change only when an app registers its labels.
_CHOICES: dict[tuple, tuple[list, list]] = {}


def _choices() -> tuple[list, list]:
    key = (get_language(), labels.version())
    if key not in _CHOICES:
        everything = [("", pgettext_lazy("filter", "All"))]  # the code's catalogue, never a DISTINCT (issue 12)
        _CHOICES[key] = (everything + labels.choices(catalog.modules(), labels.module_label),
                         everything + labels.choices(catalog.events(), labels.event_label))
    return _CHOICES[key]


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    actor = forms.CharField(label=_("Actor"), required=False, max_length=150)
    module = forms.ChoiceField(label=_("Module"), required=False)
    event = forms.ChoiceField(label=_("Event"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False,
                                choices=[("", pgettext_lazy("filter", "All"))] + Outcome.choices)
    reference = forms.CharField(label=_("Reference ID"), required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].choices, self.fields["event"].choices = _choices()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return cleaned

    def filters(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v} if self.is_valid() else {}

    def cursors(self) -> dict:
        """The keyset page asked for (`older=`/`newer=` cursors; malformed ones mean the newest page)."""
        return {k: self.data.get(k, "")[:40] for k in ("older", "newer")} if self.is_bound else {}
