from django import forms
from django.utils.translation import gettext_lazy as _

from pms.choices import ListedModelChoiceIterator, TranslatedChoices

from .services import AUTH_METHODS, GRANT_TYPES


class LinkChoiceField(forms.ModelChoiceField):
    iterator = ListedModelChoiceIterator  # one plain query, no server-side cursor (pms/choices.py)

    def label_from_instance(self, link):
        return f"{link.policy.name} ({link.policy.group.name})"


class ApiKeyForm(forms.Form):
    link = LinkChoiceField(label=_("Policy"), queryset=None, empty_label=_("Choose an approved policy"))
    label = forms.CharField(label=_("Label"), max_length=36,
                            help_text=_("A name you recognize the key by, at most 36 characters. It must differ "
                                        "from the labels of all your keys, deactivated ones included."))

    def __init__(self, *args, links, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link"].queryset = links


class OidcClientEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    logo_uri = forms.CharField(label=_("Logo URI"), max_length=500, help_text=_("An https URL of your logo."))
    redirect_uris = forms.CharField(
        label=_("Redirect URIs"), widget=forms.Textarea(attrs={"rows": 3}), max_length=6000,
        help_text=_("One per line; https only (http is allowed for localhost)."))

    def clean_redirect_uris(self):
        return [line.strip() for line in self.cleaned_data["redirect_uris"].splitlines() if line.strip()]


class OidcClientForm(OidcClientEditForm):
    link = LinkChoiceField(label=_("Policy"), queryset=None, empty_label=_("Choose an approved policy"))
    public_key = forms.CharField(
        label=_("Public key (JWK)"), widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        max_length=10000, help_text=_("The client's RSA public key (2048 bits or more) as a JSON Web Key."))
    grant_types = forms.MultipleChoiceField(label=_("Grant types"), widget=forms.CheckboxSelectMultiple,
                                            choices=[(g, g) for g in GRANT_TYPES], initial=GRANT_TYPES)
    auth_methods = forms.MultipleChoiceField(label=_("Client authentication methods"),
                                             widget=forms.CheckboxSelectMultiple,
                                             choices=[(m, m) for m in AUTH_METHODS], initial=AUTH_METHODS)

    field_order = ["link", "name", "public_key", "redirect_uris", "logo_uri", "grant_types", "auth_methods"]

    def __init__(self, *args, links, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link"].queryset = links


class ApiKeyFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=TranslatedChoices([
        ("", _("Any status")), ("active", _("Active")), ("expired", _("Expired")),
        ("suspended", _("Suspended (policy link or partner inactive)")), ("deactivated", _("Deactivated"))]))
    policy = forms.ChoiceField(label=_("Policy"), required=False)
    search = forms.CharField(label=_("Search"), required=False, max_length=60,
                             help_text=_("Label or key prefix"))

    def __init__(self, *args, policies, **kwargs):
        """`policies`: the policies of the partner's links (selectors.LinkPolicy)."""
        super().__init__(*args, **kwargs)
        policies = {policy.code: policy.name for policy in policies}
        self.fields["policy"].choices = [("", _("Any policy")), *sorted(policies.items(), key=lambda p: p[1])]
