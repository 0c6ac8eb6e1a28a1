"""Input shape of the certificate pages; the engine and services decide the rules."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partners.models import Domain
from pms.choices import TranslatedChoices

from .engine import ALLOWED_EXTENSIONS, CA_ALLOWED_EXTENSIONS, MAX_BUNDLE_CERTIFICATES
from .models import CACertificate, Validity

_ACCEPT = ",".join(ALLOWED_EXTENSIONS + ("application/x-x509-ca-cert", "application/pkix-cert"))
_CA_ACCEPT = ",".join(CA_ALLOWED_EXTENSIONS + ("application/x-x509-ca-cert", "application/pkix-cert",
                                               "application/x-pkcs7-certificates"))


class CertificateFileForm(forms.Form):
    """One certificate file; its bytes are read up to one byte past the limit, so the size check is exact."""

    # Empty files reach the engine, which refuses them with its own (audited) reason.
    certificate = forms.FileField(label=_("Certificate file"), allow_empty_file=True,
                                  widget=forms.FileInput(attrs={"accept": _ACCEPT}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificate"].help_text = _(
            "A .cer, .crt, .pem or .der file (PEM or DER) holding exactly one certificate, at most "
            "%(limit)s. A PEM bundle is refused: upload its certificates one at a time."
        ) % {"limit": filesizeformat(settings.PMS_CERT_UPLOAD_MAX_BYTES)}

    def file_content(self) -> tuple[str, bytes]:
        upload = self.cleaned_data["certificate"]
        return upload.name, upload.read(settings.PMS_CERT_UPLOAD_MAX_BYTES + 1)


class CAUploadForm(CertificateFileForm):
    """One CA certificate, or a bundle of them (§3.1)."""

    domain = forms.ChoiceField(label=_("Partner domain"), choices=Domain.choices)

    field_order = ["domain", "certificate"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificate"].widget.attrs["accept"] = _CA_ACCEPT
        self.fields["certificate"].help_text = _(
            "A .cer, .crt, .pem or .der file (PEM or DER) with one CA certificate, or a bundle: a PEM file with "
            "several certificates or a PKCS#7 file (.p7b, .p7c), up to %(count)s certificates, at most "
            "%(limit)s. A bundle's certificates are checked root first, one by one."
        ) % {"limit": filesizeformat(settings.PMS_CERT_UPLOAD_MAX_BYTES), "count": MAX_BUNDLE_CERTIFICATES}


def _all(choices) -> TranslatedChoices:
    return TranslatedChoices([("", pgettext_lazy("filter", "All")), *choices])


class CAFilterForm(forms.Form):
    domain = forms.ChoiceField(label=_("Partner domain"), required=False, choices=_all(Domain.choices))
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=_all(CACertificate.Kind.choices))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_all(CACertificate.Status.choices))
    validity = forms.ChoiceField(label=_("Validity"), required=False, choices=_all(Validity.choices))
    issued_to = forms.CharField(label=_("Issued to"), required=False, max_length=200)
    issued_by = forms.CharField(label=_("Issued by"), required=False, max_length=200)
    expiring_within = forms.IntegerField(label=_("Expiring within (days)"), required=False, min_value=0,
                                         max_value=36500)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=TranslatedChoices([
        ("expiry", _("Expiry, soonest first")), ("-expiry", _("Expiry, latest first")),
        ("-uploaded", _("Upload date, newest first")), ("subject", _("Issued to, A to Z")),
    ]))

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}
