from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pms.choices import TranslatedChoices

from . import catalog, labels
from .models import Outcome

_ALL = [("", pgettext_lazy("filter", "All"))]
# The code's catalogue, never a DISTINCT (issue 12), sorted by label once per language and catalogue version.
MODULES = TranslatedChoices(lambda: _ALL + labels.choices(catalog.modules(), labels.module_label), labels.version)
EVENTS = TranslatedChoices(lambda: _ALL + labels.choices(catalog.events(), labels.event_label), labels.version)
OUTCOMES = TranslatedChoices(_ALL + Outcome.choices)


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    actor = forms.CharField(label=_("Actor"), required=False, max_length=150)
    module = forms.ChoiceField(label=_("Module"), required=False, choices=MODULES)
    event = forms.ChoiceField(label=_("Event"), required=False, choices=EVENTS)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=OUTCOMES)
    reference = forms.CharField(label=_("Reference ID"), required=False, max_length=64)

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
