import pytest

from audit.models import AuditEvent
from partners.models import User

pytestmark = pytest.mark.django_db


def signup_data(**overrides):
    data = {
        "first_name": "Nadia", "last_name": "Benali", "organization_name": "Nadia Networks",
        "partner_type": "", "address": "12 Rue de la Paix, Paris", "email": "nadia@example.org",
        "phone_number": "+33 1 23 45 67 89", "username": "nadia", "password1": "a-Very-good-passphrase",
        "password2": "a-Very-good-passphrase", "language": "fr", "accept_terms": "on",
    }
    from partners.models import PartnerType

    data["partner_type"] = str(PartnerType.objects.get(code="auth-partner").pk)
    data.update(overrides)
    return data


def test_partner_registers_and_lands_on_dashboard(client):
    response = client.post("/accounts/signup/", signup_data())
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    user = User.objects.get(username="nadia")
    assert user.partner.organization_name == "Nadia Networks"
    assert user.partner.phone_number == "+33123456789"
    assert user.language == "fr"
    assert AuditEvent.objects.filter(event="partner_registered", actor="nadia").exists()
