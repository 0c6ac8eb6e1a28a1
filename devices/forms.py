"""Input shape of the devices pages; the services decide the rules (and forms show their refusals)."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from certificates.engine import ALLOWED_EXTENSIONS
from pms.errors import Refused

from . import services
from .models import SUBTYPES, Device, DeviceType, FtmChip, Sbi

ALL = [("", pgettext_lazy("filter", "All"))]
_DATE = {"type": "date"}


def _date_widget():
    return forms.DateInput(attrs=_DATE, format="%Y-%m-%d")


class SbiForm(forms.Form):
    version = forms.CharField(label=_("SBI version"), max_length=64,
                              help_text=_("As your SBI reports it, e.g. 1.0.2 (at most 64 characters)."))
    binary_hash = forms.CharField(label=_("Binary hash"), max_length=256,
                                  widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
                                  help_text=_("The hash of the SBI's signed binary (hex or base64)."))
    creation_date = forms.DateField(label=_("Creation date"), widget=_date_widget(),
                                    help_text=_("Not in the future, and at most 10 years ago."))
    expiry_date = forms.DateField(label=_("Expiry date"), widget=_date_widget(),
                                  help_text=_("After the creation date and after today, at most 10 years ahead. "
                                              "The SBI stays valid until the end of that day."))


class DeviceRowForm(forms.Form):
    """One device of a submission. The subtype list holds every type's subtypes (grouped); JavaScript narrows
    it to the chosen type, and without JavaScript the rule is checked here, by the service's own check."""

    device_type = forms.ChoiceField(label=_("Device type"), choices=[("", _("Choose a type"))] + DeviceType.choices)
    device_subtype = forms.ChoiceField(label=_("Device subtype"), choices=[])
    make = forms.CharField(label=_("Make"), max_length=36)
    model = forms.CharField(label=_("Model"), max_length=36)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["device_subtype"].choices = [("", _("Choose a subtype"))] + [
            (device_type.label, [(subtype.value, subtype.label) for subtype in subtypes])
            for device_type, subtypes in SUBTYPES.items()]
        self.fields["device_subtype"].widget.attrs["data-subtype-of"] = self.add_prefix("device_type")

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                services.clean_row(self.row())
            except Refused as refusal:
                self.add_error(refusal.field if refusal.field in self.fields else None, refusal.message)
        return data

    def row(self) -> services.DeviceRow:
        data = self.cleaned_data
        return services.DeviceRow(data["device_type"], data["device_subtype"], data["make"], data["model"])


class BaseDeviceFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.filled_forms():
            raise forms.ValidationError(_("Fill in at least one device."), code="no_devices")

    def filled_forms(self) -> list[DeviceRowForm]:
        return [form for form in self.forms if form.has_changed()]

    def show_refusal(self, refusal: Refused) -> None:
        """A service's refusal: each refused row at its field, and the summary above the rows."""
        filled = self.filled_forms()
        for index, field, message in getattr(refusal, "problems", []):
            filled[index].add_error(field if field in filled[index].fields else None, message)
        self._non_form_errors = self.error_class([refusal.message], error_class="nonform")


TOO_MANY = {"too_many_forms": _("You can add at most %(num)s devices in one submission: split them into several "
                                "submissions.")}


def device_formset(data=None, *, rows: int = 1) -> BaseDeviceFormSet:
    """The device rows of one submission; `rows` empty rows on GET (more can be added with or without JS)."""
    formset_class = forms.formset_factory(
        DeviceRowForm, formset=BaseDeviceFormSet, extra=max(1, min(rows, services.MAX_DEVICES_PER_SUBMISSION)),
        max_num=services.MAX_DEVICES_PER_SUBMISSION, absolute_max=services.MAX_DEVICES_PER_SUBMISSION,
        validate_max=True)
    return formset_class(data, prefix="devices", error_messages=TOO_MANY)


class ChipForm(forms.Form):
    make = forms.CharField(label=_("Make"), max_length=36)
    model = forms.CharField(label=_("Model"), max_length=36,
                            help_text=_("Make and model are unique among your chips that are not rejected or "
                                        "deactivated."))


class ChipCertificateForm(forms.Form):
    """One certificate file, read up to one byte past the limit so that the engine's size check is exact."""

    certificate = forms.FileField(label=_("Certificate file"), allow_empty_file=True,
                                  widget=forms.FileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificate"].help_text = _(
            "The chip's certificate, issued by a CA of the FTM trust store: a .cer, .crt, .pem or .der file "
            "(PEM or DER) holding exactly one certificate, at most %(limit)s.") % {
                "limit": filesizeformat(settings.PMS_CERT_UPLOAD_MAX_BYTES)}

    def file_content(self) -> tuple[str, bytes]:
        upload = self.cleaned_data["certificate"]
        return upload.name, upload.read(settings.PMS_CERT_UPLOAD_MAX_BYTES + 1)


class ApproveForm(forms.Form):
    note = forms.CharField(label=_("Note for the provider (optional)"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 3}))


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the rejection"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}), help_text=_("The provider sees this reason."),
                             error_messages={"required": _("Give the reason for the rejection: the provider "
                                                           "will see it.")})


class DeactivateForm(forms.Form):
    note = forms.CharField(label=_("Note for the provider (optional)"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))


# --- Filters ------------------------------------------------------------------------------------------------

class _Filters(forms.Form):
    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {key: value.strip() if isinstance(value, str) else value
                for key, value in self.cleaned_data.items() if value not in (None, "")}


SBI_STATUSES = ALL + Sbi.Status.choices + [("expired", _("Expired"))]


class SbiFilterForm(_Filters):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=SBI_STATUSES)
    search = forms.CharField(label=_("Search version or hash"), required=False, max_length=100)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=[
        ("-submitted", _("Newest first")), ("submitted", _("Oldest first")), ("version", _("Version")),
        ("expiry", _("Expiry, soonest first"))])


class ChipFilterForm(_Filters):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ALL + FtmChip.Status.choices)
    search = forms.CharField(label=_("Search make or model"), required=False, max_length=100)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=[
        ("-created", _("Newest first")), ("created", _("Oldest first")), ("make", _("Make and model"))])


class _QueueFilters(_Filters):
    partner = forms.CharField(label=_("Partner (organization or partner ID)"), required=False, max_length=128)
    date_from = forms.DateField(label=_("Submitted from"), required=False, widget=_date_widget())
    date_to = forms.DateField(label=_("Submitted until"), required=False, widget=_date_widget())


QUEUE_SORTS = [("pending", _("Pending first")), ("-submitted", _("Newest first")),
               ("submitted", _("Oldest first")), ("partner", _("Partner"))]


class SbiQueueFilterForm(_QueueFilters):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=SBI_STATUSES)
    search = forms.CharField(label=_("Search version or hash"), required=False, max_length=100)
    sort = forms.ChoiceField(label=_("Sort by"), required=False,
                             choices=QUEUE_SORTS + [("expiry", _("Expiry, soonest first"))])

    field_order = ["partner", "status", "search", "date_from", "date_to", "sort"]


class DeviceQueueFilterForm(_QueueFilters):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ALL + Device.Status.choices + [
        ("orphan", _("Pending, SBI gone or deactivated"))])
    device_type = forms.ChoiceField(label=_("Device type"), required=False, choices=ALL + DeviceType.choices)
    search = forms.CharField(label=_("Search make, model or SBI version"), required=False, max_length=100)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=QUEUE_SORTS)

    field_order = ["partner", "status", "device_type", "search", "date_from", "date_to", "sort"]


class ChipQueueFilterForm(_QueueFilters):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ALL + FtmChip.Status.choices)
    search = forms.CharField(label=_("Search make or model"), required=False, max_length=100)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=[
        ("pending", _("Pending first")), ("-created", _("Newest first")), ("created", _("Oldest first")),
        ("partner", _("Partner"))])

    field_order = ["partner", "status", "search", "date_from", "date_to", "sort"]
