"""The policy form: a structured editor for the common fields and the raw JSON document (§4)."""

import copy
import json
import re

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .. import documents
from ..models import PolicyGroup, PolicyType
from .catalog import GroupChoiceField

AUTH_TYPE_LABELS = {
    ("otp", ""): _("OTP"), ("otp-request", ""): _("OTP request"), ("demo", ""): _("Demographic"),
    ("bio", "FINGER"): _("Biometric: fingerprint"), ("bio", "IRIS"): _("Biometric: iris"),
    ("bio", "FACE"): _("Biometric: face"), ("kyc", ""): _("e-KYC"), ("kycauth", ""): _("KYC authentication"),
    ("kycexchange", ""): _("KYC exchange"), ("wla", ""): _("Wallet local authentication"),
}
AUTH_TYPE_DESCRIPTIONS = {
    ("otp", ""): _("A one-time password sent to the person's phone or email."),
    ("otp-request", ""): _("Asking the platform to send that one-time password."),
    ("demo", ""): _("Matching demographic data: name, date of birth, address…"),
    ("bio", "FINGER"): _("Matching a fingerprint."), ("bio", "IRIS"): _("Matching an iris."),
    ("bio", "FACE"): _("Matching a face photo."),
    ("kyc", ""): _("Receiving the person's identity data after an authentication."),
    ("kycauth", ""): _("Authenticating the person before an e-KYC exchange."),
    ("kycexchange", ""): _("Receiving the identity data in an e-KYC exchange."),
    ("wla", ""): _("Authentication on the person's own device, through a wallet."),
}
AUTH_TOKEN_TYPE_LABELS = {
    "random": _("A random token, different at each authentication"),
    "partner": _("A token for the person, the same for every policy of the partner"),
    "policy": _("A token for the person, specific to the partner and the policy"),
}
WHOLE_NUMBER = re.compile(r"^-?[0-9]+$")


class PolicyForm(forms.Form):
    """Group, name, description and the document, which comes from one of two editors.

    Both editors are plain form fields, so the page works without JavaScript. The server decides which one
    the user edited, comparing with `base` (the policy's current document, or the starter document of its
    type), which the view passes in and never takes from the browser:

    1. If the raw JSON differs from `base` (as JSON: reformatting alone is not an edit), the raw JSON wins
       and the structured fields are ignored.
    2. Otherwise, if structured fields changed, each changed part (token type, auth types, KYC attributes,
       languages; datashare settings, shareable attributes) replaces that key of `base`; every other key,
       including keys the editor does not know, is kept as it was.
    3. Otherwise the document stays `base`.

    The result is validated against the type's JSON Schema; each error is shown at its JSON path.
    """

    group = GroupChoiceField(label=_("Policy group"), queryset=PolicyGroup.objects.none(),
                             empty_label=_("Choose a policy group"))
    name = forms.CharField(label=_("Name"), max_length=128)
    description = forms.CharField(label=_("Description"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.CharField(
        label=_("Policy document (JSON)"), required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "font-monospace", "spellcheck": "false"}),
        help_text=_("If you change the JSON, it replaces the structured settings above."))

    def __init__(self, data=None, *, policy_type: str, base: dict, groups, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("document", documents.pretty(base))
        super().__init__(data, **kwargs)
        self.policy_type, self.base = policy_type, base
        self.fields["group"].queryset = groups
        self.editor = (AuthEditor if policy_type == PolicyType.AUTH else DatashareEditor)(data, base)
        self.document_errors: list[documents.DocumentError] = []
        self.used_raw_json = False

    def clean(self):
        cleaned = super().clean()
        if "document" not in cleaned:
            return cleaned
        document = self._document(cleaned["document"])
        if document is not None:
            self.document_errors = documents.validate(self.policy_type, document)
            for error in self.document_errors:
                self.add_error("document", str(error))
            cleaned["document"] = document
        return cleaned

    def _document(self, text: str):
        if not text.strip():
            self.add_error("document", _("Enter the policy document, or keep the one shown."))
            return None
        parsed, error = documents.parse(text)
        if error is not None:
            self.add_error("document", str(error))
            return None
        if parsed != self.base:
            self.used_raw_json = True
            return parsed
        if not self.editor.has_changed():
            return copy.deepcopy(self.base)
        if not self.editor.is_valid():
            self.add_error(None, _("Correct the structured settings marked below."))
            return None
        return self.editor.merge(self.base)


class Editor:
    """A settings form and a formset of rows, bound to the same POST data as the policy form.

    A POST without the editor's fields (a client sending only the JSON) leaves the editor unused.
    """

    def has_changed(self) -> bool:
        if not self.rows.is_bound or self.rows.add_prefix("TOTAL_FORMS") not in self.rows.data:
            return False
        return self.settings.has_changed() or self.rows.has_changed()

    def is_valid(self) -> bool:
        return self.settings.is_valid() and self.rows.is_valid()

    def filled_rows(self) -> list[dict]:
        return [row.cleaned_data for row in self.rows if row.cleaned_data.get("attribute_name")]


# --- Authentication policies --------------------------------------------------------------------------------

class AuthSettingsForm(forms.Form):
    auth_token_type = forms.ChoiceField(
        label=_("Authentication token type"),
        choices=[(t, format_lazy("{} — {}", t, AUTH_TOKEN_TYPE_LABELS[t])) for t in documents.AUTH_TOKEN_TYPES])
    kyc_languages = forms.CharField(label=_("KYC languages"), required=False, max_length=200,
                                    help_text=_("Language codes separated by commas, e.g. eng, fra, ara."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index, option in enumerate(documents.AUTH_TYPE_OPTIONS):
            label = AUTH_TYPE_LABELS[option]
            self.fields[f"allowed_{index}"] = forms.BooleanField(label=label, required=False)
            self.fields[f"mandatory_{index}"] = forms.BooleanField(
                label=_("%(type)s is mandatory") % {"type": label}, required=False)

    def auth_type_rows(self):
        return [(AUTH_TYPE_LABELS[option], option, self[f"allowed_{i}"], self[f"mandatory_{i}"],
                 AUTH_TYPE_DESCRIPTIONS[option]) for i, option in enumerate(documents.AUTH_TYPE_OPTIONS)]


class KycAttributeForm(forms.Form):
    attribute_name = forms.CharField(label=_("Attribute"), required=False, max_length=128)
    required = forms.BooleanField(label=_("Required"), required=False)


KycAttributeFormSet = forms.formset_factory(KycAttributeForm, extra=3, max_num=300, absolute_max=300)


class AuthEditor(Editor):
    kind = "auth"

    def __init__(self, data, base: dict):
        self.settings = AuthSettingsForm(data, prefix="auth", initial=self._settings_initial(base))
        attributes = base.get("allowedKycAttributes") or []
        self.rows = KycAttributeFormSet(data, prefix="kyc", initial=[
            {"attribute_name": a.get("attributeName", ""), "required": bool(a.get("required"))}
            for a in attributes if isinstance(a, dict)])

    @staticmethod
    def _settings_initial(base: dict) -> dict:
        token = base.get("authTokenType")
        initial = {"auth_token_type": token if token in documents.AUTH_TOKEN_TYPES else "partner",
                   "kyc_languages": ", ".join(str(code) for code in base.get("kycLanguages") or [])}
        allowed = {(e.get("authType"),
                    e.get("authSubType") or ""): e for e in base.get("allowedAuthTypes") or []
                   if isinstance(e, dict)}
        for index, option in enumerate(documents.AUTH_TYPE_OPTIONS):
            initial[f"allowed_{index}"] = option in allowed
            initial[f"mandatory_{index}"] = bool(allowed.get(option, {}).get("mandatory"))
        return initial

    def merge(self, base: dict) -> dict:
        document, data, changed = copy.deepcopy(base), self.settings.cleaned_data, self.settings.changed_data
        if "auth_token_type" in changed:
            document["authTokenType"] = data["auth_token_type"]
        if "kyc_languages" in changed:
            codes = data["kyc_languages"].split(",")
            document["kycLanguages"] = [code.strip() for code in codes if code.strip()]
        if any(name.startswith(("allowed_", "mandatory_")) for name in changed):
            document["allowedAuthTypes"] = [
                {"authType": kind, "authSubType": sub, "mandatory": data[f"mandatory_{i}"]}
                for i, (kind, sub) in enumerate(documents.AUTH_TYPE_OPTIONS)
                if data[f"allowed_{i}"] or data[f"mandatory_{i}"]]
        if self.rows.has_changed():
            names = {}
            for row in self.filled_rows():
                names.setdefault(row["attribute_name"].strip(), row["required"])
            document["allowedKycAttributes"] = [{"attributeName": n, "required": r} for n, r in names.items()]
        return document


# --- Datashare policies -------------------------------------------------------------------------------------

SHARE_FIELDS = [("type_of_share", "typeOfShare"), ("valid_for_in_minutes", "validForInMinutes"),
                ("transactions_allowed", "transactionsAllowed"), ("encryption_type", "encryptionType"),
                ("share_domain", "shareDomain"), ("source", "source")]


class DatashareSettingsForm(forms.Form):
    type_of_share = forms.CharField(label=_("Type of share"), required=False, max_length=100,
                                    help_text=_("e.g. Data Share or direct"))
    valid_for_in_minutes = forms.CharField(label=_("Valid for (minutes)"), required=False, max_length=12)
    transactions_allowed = forms.CharField(label=_("Transactions allowed"), required=False, max_length=12)
    encryption_type = forms.CharField(label=_("Encryption type"), required=False, max_length=100,
                                      help_text=_("e.g. Partner Based, Partner Secret or none"))
    share_domain = forms.CharField(label=_("Share domain"), required=False, max_length=200)
    source = forms.CharField(label=_("Source"), required=False, max_length=100,
                             help_text=_("e.g. ID Repository, Packet Manager or Print"))

    def _clean_number(self, name: str) -> str:
        value = self.cleaned_data[name].strip()
        if value and not WHOLE_NUMBER.match(value):
            raise forms.ValidationError(_("Enter a whole number."))
        return value

    def clean_valid_for_in_minutes(self):
        return self._clean_number("valid_for_in_minutes")

    def clean_transactions_allowed(self):
        return self._clean_number("transactions_allowed")


class ShareableAttributeForm(forms.Form):
    attribute_name = forms.CharField(label=_("Attribute"), required=False, max_length=128)
    group = forms.CharField(label=_("Group"), required=False, max_length=64)
    source = forms.CharField(label=_("Source (JSON)"), required=False, max_length=4000,
                             help_text=_("Empty: the identity attribute of the same name."))
    encrypted = forms.BooleanField(label=_("Encrypted"), required=False)
    format = forms.CharField(label=_("Format"), required=False, max_length=64)

    def clean_source(self):
        text = self.cleaned_data["source"].strip()
        if not text:
            return None
        value, error = documents.parse(text)
        if error is not None or not isinstance(value, list):
            raise forms.ValidationError(_('Enter a JSON list, e.g. [{"attribute": "fullName"}].'))
        return value


ShareableAttributeFormSet = forms.formset_factory(ShareableAttributeForm, extra=3, max_num=300,
                                                  absolute_max=300)


class DatashareEditor(Editor):
    kind = "datashare"

    def __init__(self, data, base: dict):
        share = base.get("dataSharePolicies") if isinstance(base.get("dataSharePolicies"), dict) else {}
        self.settings = DatashareSettingsForm(data, prefix="ds", initial={
            field: "" if share.get(key) is None else str(share.get(key)) for field, key in SHARE_FIELDS})
        self.rows = ShareableAttributeFormSet(data, prefix="attr", initial=[
            {"attribute_name": a.get("attributeName", ""), "group": a.get("group", ""),
             "source": json.dumps(a["source"], ensure_ascii=False) if "source" in a else "",
             "encrypted": bool(a.get("encrypted")), "format": a.get("format", "")}
            for a in base.get("shareableAttributes") or [] if isinstance(a, dict)])

    def merge(self, base: dict) -> dict:
        document = copy.deepcopy(base)
        if self.settings.has_changed():
            self._merge_settings(document)
        if self.rows.has_changed():
            document["shareableAttributes"] = [self._attribute(row) for row in self.filled_rows()]
        return document

    def _merge_settings(self, document: dict) -> None:
        data, previous = self.settings.cleaned_data, document.get("dataSharePolicies") or {}
        share = {}
        for field, key in SHARE_FIELDS:
            value = data[field].strip()
            if value and key in ("validForInMinutes", "transactionsAllowed"):
                # Keep the document's own convention: MOSIP's defaults write numbers as strings.
                value = int(value) if isinstance(previous.get(key), int) else value
            if value != "":
                share[key] = value
        if share:
            document["dataSharePolicies"] = share
        else:
            document.pop("dataSharePolicies", None)

    @staticmethod
    def _attribute(row: dict) -> dict:
        name = row["attribute_name"].strip()
        attribute = {"attributeName": name}
        if row["group"].strip():
            attribute["group"] = row["group"].strip()
        attribute["source"] = row["source"] if row["source"] is not None else [{"attribute": name}]
        attribute["encrypted"] = row["encrypted"]
        if row["format"].strip():
            attribute["format"] = row["format"].strip()
        return attribute
