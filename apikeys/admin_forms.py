"""Forms of the partner admin's "Authentication services" pages (PRODUCT.md §8)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pms.choices import ListedModelChoiceIterator
from policies.models import Policy, PolicyType

from .models import DEACTIVATION_COMMENT_MAX_LENGTH

ALL = pgettext_lazy("filter", "All")
ACTIVE = ("active", _("Active"))
EXPIRED = ("expired", _("Expired"))
SUSPENDED = ("suspended", _("Suspended (policy link or partner inactive)"))
DEACTIVATED = ("deactivated", _("Deactivated"))
NEWEST, OLDEST = ("-created", _("Newest first")), ("created", _("Oldest first"))
BY_PARTNER = ("partner", _("Organization (A–Z)"))


def _date_field(label):
    return forms.DateField(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}))


class PolicyChoiceField(forms.ModelChoiceField):
    iterator = ListedModelChoiceIterator  # one plain query, no server-side cursor (pms/choices.py)

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.group.name})"


class _CredentialFilterForm(forms.Form):
    """Filters both lists share; `filters()` gives the selector's keyword arguments."""

    partner = forms.CharField(label=_("Partner ID"), required=False, max_length=20)
    policy = PolicyChoiceField(label=_("Policy"), required=False, to_field_name="code", empty_label=ALL,
                               queryset=Policy.objects.filter(policy_type=PolicyType.AUTH)
                               .select_related("group").order_by("name", "group__name"))
    created_from = _date_field(_("Created from"))
    created_to = _date_field(_("Created until"))
    ranges = [("created_from", "created_to")]

    def clean(self):
        cleaned = super().clean()
        for start, end in self.ranges:
            if cleaned.get(start) and cleaned.get(end) and cleaned[start] > cleaned[end]:
                self.add_error(end, _("The end date must be on or after the start date."))
        return cleaned

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        search, partner_id = data.pop("q").strip(), data.pop("partner").strip()
        return {**data, "search": search, "partner_id": partner_id, "sort": data["sort"] or NEWEST[0]}


class ApiKeyFilterForm(_CredentialFilterForm):
    q = forms.CharField(label=_("Search label, key prefix, partner ID or organization"), required=False,
                        max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", ALL), ACTIVE, EXPIRED, SUSPENDED, DEACTIVATED])
    expires_from = _date_field(_("Expires from"))
    expires_to = _date_field(_("Expires until"))
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=[
        NEWEST, OLDEST, ("expires", _("Expiry, soonest first")), ("-expires", _("Expiry, latest first")),
        BY_PARTNER, ("label", _("Label (A–Z)"))])
    ranges = [("created_from", "created_to"), ("expires_from", "expires_to")]
    field_order = ["q", "partner", "policy", "status", "created_from", "created_to", "expires_from",
                   "expires_to", "sort"]


class OidcClientFilterForm(_CredentialFilterForm):
    q = forms.CharField(label=_("Search name, client ID, partner ID or organization"), required=False,
                        max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", ALL), ACTIVE, SUSPENDED,
                                                                          DEACTIVATED])
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=[
        NEWEST, OLDEST, BY_PARTNER, ("name", _("Name (A–Z)"))])
    field_order = ["q", "partner", "policy", "status", "created_from", "created_to", "sort"]


class AdminDeactivateForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the deactivation"), max_length=DEACTIVATION_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The partner sees this reason on its own page (at most 500 characters)."),
        error_messages={"required": _("Give the reason for the deactivation: the partner will see it.")})
