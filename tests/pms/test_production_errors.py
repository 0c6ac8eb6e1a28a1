"""With production settings (DEBUG=false, as the tests run), malformed requests get translated error pages and
never a debug page; GET requests never write (the portal CA and allauth's e-mail page were the exceptions)."""

import pytest
from django.conf import settings as django_settings

pytestmark = pytest.mark.django_db


def test_the_tests_run_with_production_settings():
    assert django_settings.DEBUG is False


@pytest.mark.parametrize("method", ["get", "post"])
def test_thousands_of_parameters_get_a_400_page_not_a_debug_page(client, method):
    fields = "&".join(f"f{number}=x" for number in range(5_000))
    if method == "get":
        response = client.get(f"/accounts/login/?{fields}")
    else:
        response = client.post("/accounts/login/", fields, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
    html = response.content.decode()
    assert "Bad request" in html and "Nothing was changed." in html
    assert "Traceback" not in html and "TooManyFieldsSent" not in html


def test_a_body_over_the_upload_limit_gets_a_400_page(client):
    body = b"a=" + b"x" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = client.post("/accounts/login/", body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400 and "Bad request" in response.content.decode()


def test_the_error_pages_are_translated(alice_client):
    alice_client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "ar"

    response = alice_client.get("/policies/catalog/00000000-0000-0000-0000-000000000000/")

    assert response.status_code == 403  # a partner asking for a policy manager's page
    html = response.content.decode()
    assert 'lang="ar"' in html and 'dir="rtl"' in html and "تم رفض الوصول" in html


def test_a_missing_page_has_the_portals_404_page(alice_client):
    response = alice_client.get("/no-such-page/")

    assert response.status_code == 404 and "Page not found" in response.content.decode()


def test_a_form_without_its_csrf_token_gets_the_expired_form_page(alice):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    response = strict.post("/account/profile/", {"first_name": "x"})

    assert response.status_code == 403 and "The form has expired" in response.content.decode()


def test_the_email_management_page_is_not_routed(alice_client, alice):
    from allauth.account.models import EmailAddress

    response = alice_client.get("/accounts/email/")

    assert response.status_code == 302 and response["Location"] == "/account/profile/"
    assert not EmailAddress.objects.filter(user=alice).exists()
    alice_client.post("/accounts/email/", {"action_add": "", "email": "other@example.org"})
    assert not EmailAddress.objects.exists()
