import pytest
from django.db import IntegrityError

from audit.models import AuditEvent
from partners import services
from partners.models import Partner, PartnerType, User
from tests.factories import make_partner_user

pytestmark = pytest.mark.django_db


def signup_data(**overrides):
    data = {
        "first_name": "Nadia", "last_name": "Benali", "organization_name": "Nadia Networks",
        "partner_type": str(PartnerType.objects.get(code="auth-partner").pk),
        "address": "12 Rue de la Paix, Paris", "email": "nadia@example.org",
        "phone_number": "+33 1 23 45 67 89", "username": "nadia", "password1": "a-Very-good-passphrase",
        "password2": "a-Very-good-passphrase", "language": "fr", "accept_terms": "on",
    }
    data.update(overrides)
    return data


def errors_of(response, field):
    return response.context["form"].errors.get(field, [])


def test_partner_registers_and_lands_on_dashboard(client):
    response = client.post("/accounts/signup/", signup_data())
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    user = User.objects.get(username="nadia")
    assert (user.partner.organization_name, user.partner.phone_number, user.language) == (
        "Nadia Networks", "+33123456789", "fr")


def test_registration_is_audited_with_the_partner_id(client):
    client.post("/accounts/signup/", signup_data())
    partner = Partner.objects.get()
    event = AuditEvent.objects.get(event="partner_registered")
    assert (event.actor, event.details["partner_id"], event.outcome) == ("nadia", partner.partner_id, "success")


def test_registration_page_labels_every_field_as_the_specification_words_them(client):
    html = client.get("/accounts/signup/").content.decode()
    for label in ["First name", "Last name", "Organization name", "Partner type", "Address", "Email",
                  "Phone number", "Username", "Password", "Preferred language"]:
        assert f">{label} <span" in html or f">{label}</label>" in html, label


def test_partner_id_has_the_type_prefix_and_is_unique(client):
    client.post("/accounts/signup/", signup_data())
    client.logout()
    client.post("/accounts/signup/", signup_data(username="other", email="other@example.org"))
    ids = list(Partner.objects.values_list("partner_id", flat=True))
    assert len(set(ids)) == 2
    assert all(pid.startswith("AP-") and len(pid) == 9 for pid in ids)


@pytest.mark.parametrize("field", ["first_name", "last_name", "organization_name", "partner_type", "address",
                                   "email", "phone_number", "username", "password1", "password2"])
def test_each_required_field_left_empty_is_reported_on_that_field(client, field):
    response = client.post("/accounts/signup/", signup_data(**{field: ""}))
    assert response.status_code == 200
    assert "This field is required." in errors_of(response, field)
    assert not User.objects.exists()


def test_terms_must_be_accepted(client):
    data = signup_data()
    del data["accept_terms"]
    response = client.post("/accounts/signup/", data)
    assert errors_of(response, "accept_terms") == ["You must accept the terms of use."]


@pytest.mark.parametrize("phone", ["12345", "+33 1 23", "phone", "+999 123 456 789", "0123456789"])
def test_malformed_phone_number_is_refused_with_the_expected_format(client, phone):
    response = client.post("/accounts/signup/", signup_data(phone_number=phone))
    assert errors_of(response, "phone_number") == [
        "Enter a valid phone number in international format, starting with + and the country code, "
        "e.g. +33 1 23 45 67 89."]


def test_malformed_email_is_refused(client):
    response = client.post("/accounts/signup/", signup_data(email="not-an-email"))
    assert errors_of(response, "email") == ["Enter a valid email address."]


def test_duplicate_username_in_another_letter_case_is_refused(client):
    make_partner_user(username="Nadia")
    response = client.post("/accounts/signup/", signup_data(username="NADIA"))
    assert errors_of(response, "username") == ["A user with that username already exists."]


def test_duplicate_email_in_another_letter_case_is_refused(client):
    client.post("/accounts/signup/", signup_data(username="first", email="Nadia@Example.org"))
    client.logout()
    response = client.post("/accounts/signup/", signup_data(email="NADIA@example.ORG"))
    assert errors_of(response, "email") == ["A user is already registered with this email address."]


@pytest.mark.parametrize(("password", "message"), [
    ("short1!", "This password is too short. It must contain at least 10 characters."),
    ("1234567890123", "This password is entirely numeric."),
    ("password123", "This password is too common."),
])
def test_weak_password_is_refused_with_the_reason(client, password, message):
    response = client.post("/accounts/signup/", signup_data(password1=password, password2=password))
    assert message in errors_of(response, "password1")


def test_passwords_that_differ_are_refused(client):
    response = client.post("/accounts/signup/", signup_data(password2="another-Good-passphrase"))
    assert errors_of(response, "password2") == ["You must type the same password each time."]


def test_unknown_partner_type_and_language_are_refused(client):
    response = client.post("/accounts/signup/", signup_data(partner_type="999999", language="de"))
    assert errors_of(response, "partner_type")
    assert errors_of(response, "language")


def test_closed_partner_type_is_not_offered(client):
    PartnerType.objects.filter(code="ftm-provider").update(is_active=False)
    html = client.get("/accounts/signup/").content.decode()
    assert "FTM Chip Provider" not in html and "Device Provider" in html


def test_refused_registration_keeps_what_was_typed(client):
    response = client.post("/accounts/signup/", signup_data(phone_number="12"))
    html = response.content.decode()
    assert 'value="Nadia Networks"' in html and 'value="12 Rue de la Paix, Paris"' in html


def test_registration_errors_are_translated(client):
    client.cookies["pms_language"] = "fr"
    response = client.post("/accounts/signup/", signup_data(phone_number="12"))
    assert "format international" in errors_of(response, "phone_number")[0]


def test_failed_registration_leaves_no_partner_and_no_audit_event():
    make_partner_user(username="taken")
    with pytest.raises(IntegrityError):
        services.register_partner(
            username="TAKEN", email="new@example.org", password="x", first_name="A", last_name="B",
            organization_name="Org", partner_type=PartnerType.objects.get(code="auth-partner"),
            address="Street", phone_number="+33123456789")
    assert not Partner.objects.filter(organization_name="Org").exists()
    assert not AuditEvent.objects.filter(event="partner_registered").exists()


def test_with_mandatory_email_verification_the_partner_confirms_the_address_first(client, settings):
    from django.core import mail

    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    response = client.post("/accounts/signup/", signup_data())
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert client.get("/dashboard/").status_code == 302  # not logged in yet
    assert mail.outbox and "nadia@example.org" in mail.outbox[0].to
