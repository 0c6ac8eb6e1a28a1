"""A few of the new refusals, read in English, French and Arabic (issue 10), through the services and the
bundle report page."""

import pytest
from cryptography import x509
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from certificates import services
from tests.certificates import der
from tests.certificates import factories as pki

pytestmark = pytest.mark.django_db

SERIAL = {
    "en": "The certificate's serial number is -5; RFC 5280 requires a positive, non-zero serial number.",
    "fr": "Le numéro de série du certificat est -5 ; la RFC 5280 exige un numéro de série positif et non nul.",
    "ar": "الرقم التسلسلي للشهادة هو -5؛ يشترط المعيار RFC 5280 رقمًا تسلسليًا موجبًا غير صفري.",
}
DUPLICATED = {
    "en": "The certificate has a malformed or duplicated extension: subjectKeyIdentifier (2.5.29.14).",
    "fr": "Le certificat comporte une extension malformée ou en double : subjectKeyIdentifier (2.5.29.14).",
    "ar": "تحتوي الشهادة على امتداد تالف أو مكرر: subjectKeyIdentifier (2.5.29.14).",
}
DIRECTORY_NAME = {
    "en": "which the chain validator cannot evaluate",
    "fr": "que le validateur de chaîne ne sait pas évaluer",
    "ar": "وهو ما لا يستطيع مدقق السلسلة تقييمه",
}
PATH_LENGTH = {
    "en": "allows at most 0 intermediate CA certificates below it (pathLenConstraint); this chain has 1.",
    "fr": "autorise au plus 0 certificats d'AC intermédiaires sous lui (pathLenConstraint) ; cette chaîne en compte 1.",
    "ar": "بـ 0 من شهادات سلطات التصديق الوسيطة تحتها على الأكثر (pathLenConstraint)؛ وتحتوي هذه السلسلة على 1.",
}


def refused_ca(refusal, data: bytes, language: str):
    with translation.override(language):
        return refusal(services.upload_ca_certificate, domain="AUTH", data=data, filename="ca.der")


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_a_negative_serial_is_explained_in_each_language(language, refusal):
    root = pki.make_root()

    error = refused_ca(refusal, der.resign(root.der, root.key, der.with_serial(-5)), language)

    assert error.message == SERIAL[language]


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_a_duplicated_extension_is_named_in_each_language(language, refusal):
    root = pki.make_root()

    error = refused_ca(refusal, der.resign(root.der, root.key, der.with_extensions(der.duplicate_first_extension)),
                      language)

    assert error.message == DUPLICATED[language]


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_directory_name_constraints_are_explained_in_each_language(language, refusal):
    constraints = x509.NameConstraints(permitted_subtrees=[x509.DirectoryName(pki.name("x"))],
                                       excluded_subtrees=None)

    error = refused_ca(refusal, pki.make_root(critical_extra=[constraints]).der, language)

    assert DIRECTORY_NAME[language] in error.message


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_an_exceeded_path_length_names_the_ca_in_each_language(language, alice, refusal):
    root = pki.make_root(path_length=0)
    inter = pki.make_intermediate(root)
    for issued in (root, inter):
        services.upload_ca_certificate(domain="AUTH", data=issued.pem, filename="ca.pem")
    leaf = pki.make_partner_certificate(inter, organization=alice.partner.organization_name)

    with translation.override(language):
        error = refusal(services.upload_partner_certificate, partner=alice.partner, data=leaf.pem,
                        filename="p.pem")

    assert PATH_LENGTH[language] in error.message and pki.common_name(root) in error.message


@pytest.mark.parametrize(("language", "texts"), [
    ("en", ["1 added, 1 already present, 0 refused.", "Already present", "Added"]),
    ("fr", ["1 ajouté(s), 1 déjà présent(s), 0 refusé(s).", "Déjà présent", "Ajouté", "Lot de certificats"]),
    ("ar", ["أُضيف: 1، موجود مسبقًا: 1، مرفوض: 0.", "موجود مسبقًا", "حزمة شهادات"]),
])
def test_the_bundle_report_reads_in_each_language(language, texts, dave_client):
    root = pki.make_root()
    services.upload_ca_certificate(domain="AUTH", data=root.pem, filename="root.pem")
    dave_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    bundle = root.pem + pki.make_intermediate(root).pem

    response = dave_client.post(reverse("certificates:ca_upload"), {
        "domain": "AUTH", "certificate": SimpleUploadedFile("chain.pem", bundle)})

    content = response.content.decode()
    assert f'lang="{language}"' in content
    for text in texts:
        assert text in content
