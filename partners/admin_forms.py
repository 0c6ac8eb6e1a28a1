"""Forms of the partner admin's partner pages (PRODUCT.md §8)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pms.choices import CachedModelChoiceIterator, TranslatedChoices

from .models import Partner, PartnerType

ALL = pgettext_lazy("filter", "All")


class PartnerTypeChoiceField(forms.ModelChoiceField):
    iterator = CachedModelChoiceIterator  # every partner type, kept in the cache (pms/choices.py)

    def label_from_instance(self, obj):
        return obj.label


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search organization, partner ID or email"), required=False, max_length=150)
    type = PartnerTypeChoiceField(label=_("Partner type"), required=False, queryset=PartnerType.objects.all(),
                                  to_field_name="code", empty_label=ALL)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=TranslatedChoices([("", ALL), *Partner.Status.choices]))
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=TranslatedChoices([
        ("organization", _("Organization (A–Z)")), ("-organization", _("Organization (Z–A)")),
        ("partner_id", _("Partner ID")), ("-registered", _("Newest first")), ("registered", _("Oldest first"))]))

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"search": data["q"].strip(), "partner_type": data["type"], "status": data["status"],
                "sort": data["sort"] or "organization"}


class DeactivatePartnerForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional, kept in the audit trail)"), required=False,
                             max_length=255)
