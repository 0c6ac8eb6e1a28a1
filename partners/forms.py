from allauth.account.forms import LoginForm, SignupForm
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pms.choices import ListedModelChoiceIterator

from .models import Language, PartnerType, User
from .validators import normalize_phone_number


class PhoneNumberInput(forms.TextInput):
    """<input type="tel">: the phone keypad on mobiles, and left-to-right in Arabic pages (Bootstrap's RTL build)."""

    input_type = "tel"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "tel", **(attrs or {})})


class PartnerTypeField(forms.ModelChoiceField):
    iterator = ListedModelChoiceIterator  # one plain query, no server-side cursor (pms/choices.py)

    def label_from_instance(self, obj):
        return obj.label


class PartnerLoginForm(LoginForm):
    """allauth's login form with a label of its own: in Arabic, "Login" read the same as the heading and button."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username or email")
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["login"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs.pop("placeholder", None)


class PartnerSignupForm(SignupForm):
    """Self-registration with every field of PRODUCT.md §2; the adapter hands it to the service."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    organization_name = forms.CharField(label=_("Organization name"), max_length=128)
    partner_type = PartnerTypeField(label=_("Partner type"), queryset=PartnerType.objects.none(),
                                    empty_label=_("Choose a partner type"))
    address = forms.CharField(label=_("Address"), max_length=255)
    phone_number = forms.CharField(label=_("Phone number"), max_length=32, widget=PhoneNumberInput,
                                   help_text=_("International format, e.g. +33 1 23 45 67 89"))
    language = forms.ChoiceField(label=_("Preferred language"), choices=Language.choices)
    accept_terms = forms.BooleanField(label=_("I accept the terms of use of the partner portal"),
                                      error_messages={"required": _("You must accept the terms of use.")})

    field_order = ["first_name", "last_name", "organization_name", "partner_type", "address", "email",
                   "phone_number", "username", "password1", "password2", "language", "accept_terms"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner_type"].queryset = PartnerType.objects.filter(is_active=True)
        self.fields["email"].label = _("Email")
        self.fields["username"].label = _("Username")
        self.fields["password1"].label = _("Password")
        self.fields["password2"].label = _("Password (again)")
        for name in ("email", "username", "password1", "password2"):
            self.fields[name].widget.attrs.pop("placeholder", None)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["organization_name"].widget.attrs["autocomplete"] = "organization"
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"
        current = (get_language() or "en")[:2]
        self.fields["language"].initial = current if current in Language.values else Language.ENGLISH

    def clean_phone_number(self):
        return normalize_phone_number(self.cleaned_data["phone_number"])

    def clean_organization_name(self):
        value = " ".join(self.cleaned_data["organization_name"].split())
        if not value:
            raise forms.ValidationError(_("Enter the organization name."), code="required")
        return value


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    address = forms.CharField(label=_("Address"), max_length=255)
    phone_number = forms.CharField(label=_("Phone number"), max_length=32, widget=PhoneNumberInput,
                                   help_text=_("International format, e.g. +33 1 23 45 67 89"))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.partner_id:
            del self.fields["address"], self.fields["phone_number"]

    def clean_phone_number(self):
        return normalize_phone_number(self.cleaned_data["phone_number"])


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    next = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)
