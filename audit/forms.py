from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import labels
from .models import Outcome


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    actor = forms.CharField(label=_("Actor"), required=False, max_length=150)
    module = forms.ChoiceField(label=_("Module"), required=False)
    event = forms.ChoiceField(label=_("Event"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False,
                                choices=[("", pgettext_lazy("filter", "All"))] + Outcome.choices)
    reference = forms.CharField(label=_("Reference ID"), required=False, max_length=64)

    def __init__(self, *args, modules: list[str], events: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", pgettext_lazy("filter", "All"))]
        self.fields["module"].choices = everything + labels.choices(modules, labels.module_label)
        self.fields["event"].choices = everything + labels.choices(events, labels.event_label)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return cleaned

    def filters(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v} if self.is_valid() else {}
