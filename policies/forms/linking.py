"""Forms of group selection, policy requests and the admin's decisions (§2, §5)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pms.choices import CachedModelChoiceIterator, ListedModelChoiceIterator, TranslatedChoices

from ..models import Policy, PolicyGroup, PolicyLink
from ..services.linking import PURPOSE_MAX_LENGTH
from .catalog import ALL, GroupChoiceField


class SelectPolicyGroupForm(forms.Form):
    group = GroupChoiceField(label=_("Policy group"), queryset=PolicyGroup.objects.none(),
                             widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                             empty_label=None)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class PolicyChoiceField(forms.ModelChoiceField):
    iterator = ListedModelChoiceIterator  # one plain query, no server-side cursor (pms/choices.py)

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_policy_type_display()})"


class PolicyRequestForm(forms.Form):
    """The dropdown offers what the partner may request; any policy code is accepted here so that the
    service, which holds the rules, says precisely why another one is refused."""

    policy = PolicyChoiceField(label=_("Policy"), queryset=Policy.objects.all(), to_field_name="code",
                               empty_label=_("Choose a policy"))
    purpose = forms.CharField(label=_("Purpose"), max_length=PURPOSE_MAX_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("What you will use this policy for (at most 500 characters)."))

    def __init__(self, *args, offered, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["policy"]
        field.widget.choices = [("", field.empty_label)] + [
            (policy.code, field.label_from_instance(policy)) for policy in offered]


class ApproveLinkForm(forms.Form):
    note = forms.CharField(label=_("Note for the partner (optional)"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class RejectLinkForm(forms.Form):
    comment = forms.CharField(label=_("Reason for the rejection"), max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("The partner sees this reason."),
                              error_messages={"required": _(
                                  "Give the reason for the rejection: the partner will see it.")})


class DeactivateLinkForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=500)


class LinkFilterForm(forms.Form):
    q = forms.CharField(label=_("Search partner or policy"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=TranslatedChoices(ALL + PolicyLink.Status.choices))
    group = GroupChoiceField(label=_("Policy group"), required=False, queryset=PolicyGroup.objects.all(),
                             empty_label=pgettext_lazy("filter", "All"))
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=TranslatedChoices([
        ("pending", _("Pending first")), ("-requested", _("Newest first")), ("requested", _("Oldest first")),
        ("partner", _("Partner")), ("policy", _("Policy"))]))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        group = self.fields["group"]
        group.iterator = CachedModelChoiceIterator  # every group, kept in the cache (pms/choices.py)
        group.widget.choices = group.choices

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"search": data["q"].strip(), "status": data["status"], "group": data["group"],
                "sort": data["sort"] or "pending"}


class OwnLinkFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ALL + PolicyLink.Status.choices)
