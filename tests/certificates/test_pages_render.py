"""Every certificates page renders in English, French and Arabic (right to left), and needs a login."""

import pytest
from django.conf import settings
from django.urls import reverse

from certificates.models import CACertificate
from tests.certificates import factories as pki

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_every_page_renders_in_each_language(language, dave_client, alice_client, alice, auth_pki):
    certificate = pki.give_valid_partner_certificate(alice.partner, hierarchy=auth_pki)
    ca = CACertificate.objects.get(kind="intermediate")
    admin_pages = [reverse("certificates:ca_list"), reverse("certificates:ca_upload"), ca.get_absolute_url(),
                   reverse("certificates:ca_deactivate", args=[ca.code]),
                   reverse("certificates:partner_certificates", args=[alice.partner.code]),
                   reverse("certificates:upload_partner_certificate", args=[alice.partner.code])]
    partner_pages = [reverse("certificates:my_certificate"),
                     reverse("certificates:upload_partner_certificate", args=[alice.partner.code])]
    for client, pages in ((dave_client, admin_pages), (alice_client, partner_pages)):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert f'lang="{language}"' in response.content.decode()
    assert certificate.is_current


@pytest.mark.parametrize("name", ["certificates:ca_list", "certificates:my_certificate",
                                  "certificates:portal_ca_download"])
def test_anonymous_visitors_are_sent_to_the_login_page(name, client):
    response = client.get(reverse(name))

    assert response.status_code == 302 and "/accounts/login/" in response.url
