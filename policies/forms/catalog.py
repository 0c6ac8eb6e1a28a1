"""Forms of the policy manager's pages: groups, filters, clone, deactivation."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pms.choices import ListedModelChoiceIterator

from ..models import Policy, PolicyGroup, PolicyType

ALL = [("", pgettext_lazy("filter", "All"))]


class GroupChoiceField(forms.ModelChoiceField):
    """Policy groups by their UUID code (URLs and forms never show the sequential key)."""
    iterator = ListedModelChoiceIterator  # one plain query, no server-side cursor (pms/choices.py)


    def __init__(self, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return obj.name if obj.is_active else _("%(name)s (deactivated)") % {"name": obj.name}


class PolicyGroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=128)
    description = forms.CharField(label=_("Description"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 4}))


class PolicyGroupFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    active = forms.ChoiceField(label=_("Status"), required=False, choices=ALL + [
        ("yes", pgettext_lazy("policy group", "Active")), ("no", pgettext_lazy("policy group",
                                                                               "Deactivated"))])
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=[
        ("name", _("Name (A–Z)")), ("-name", _("Name (Z–A)")), ("-created", _("Newest first")),
        ("created", _("Oldest first"))])

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"search": data["q"].strip(), "active": data["active"], "sort": data["sort"] or "name"}


class PolicyFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    group = GroupChoiceField(label=_("Policy group"), required=False, queryset=PolicyGroup.objects.all(),
                             empty_label=pgettext_lazy("filter", "All"))
    type = forms.ChoiceField(label=_("Type"), required=False, choices=ALL + PolicyType.choices)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ALL + Policy.Status.choices)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=[
        ("name", _("Name (A–Z)")), ("-name", _("Name (Z–A)")), ("group", _("Policy group")),
        ("-updated", _("Recently changed")), ("updated", _("Least recently changed"))])

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"search": data["q"].strip(), "group": data["group"], "policy_type": data["type"],
                "status": data["status"], "sort": data["sort"] or "name"}


class ClonePolicyForm(forms.Form):
    group = GroupChoiceField(label=_("Into policy group"),
                             queryset=PolicyGroup.objects.filter(is_active=True),
                             empty_label=_("Choose a policy group"))
    name = forms.CharField(label=_("Name of the copy"), max_length=128, required=False,
                           help_text=_("Leave empty to keep the name; “(copy)” is added when the group "
                                       "already "
                                       "has a policy with that name."))


class DeactivateForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=255)
