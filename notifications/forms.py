from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Kind


class NotificationFilterForm(forms.Form):
    """The list page's filters; the type is also chosen by the tabs."""

    type = forms.ChoiceField(label=_("Type"), required=False)
    item = forms.CharField(label=_("Item"), required=False, max_length=100,
                           help_text=_("Part of the name of the certificate, key or other item"))
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    unread = forms.BooleanField(label=_("Unread only"), required=False)

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types"))] + [(kind, Kind(kind).label) for kind in kinds]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return data

    def filters(self) -> dict:
        """The selector's keyword arguments (none when the form is invalid: the page shows the errors)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"kind": data["type"], "item": data["item"].strip(), "date_from": data["date_from"],
                "date_to": data["date_to"], "unread": data["unread"]}
