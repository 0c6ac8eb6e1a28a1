"""The admin's partner search over `Partner.search_text`: kept current, counted up to a limit (issue 12).

These run on SQLite (plain `icontains` over the column) as well as on PostgreSQL (its trigram index).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners import search
from partners.models import SEARCH_TEXT_MAX_LENGTH, Partner, User
from partners.rows import COUNT_LIMIT
from tests.factories import make_partner_user, partner_type

pytestmark = pytest.mark.django_db


def found(client, query: str) -> list[str]:
    return [p.organization_name for p in client.get("/partners/", {"q": query}).context["page"].object_list]


def test_a_changed_email_is_found_and_the_old_one_no_longer(dave_client):
    user = make_partner_user(email="first@old.example", partner__organization_name="Kestrel Bank")
    user.email = "second@new.example"
    user.save()
    assert found(dave_client, "new.example") == ["Kestrel Bank"]
    assert found(dave_client, "old.example") == []


def test_a_second_users_email_is_found(dave_client):
    first = make_partner_user(partner__organization_name="Kestrel Bank")
    User.objects.create(username="second", email="second@kestrel.example", partner=first.partner)
    assert found(dave_client, "second@kestrel") == ["Kestrel Bank"]


def test_a_deleted_users_email_is_no_longer_found(dave_client):
    first = make_partner_user(partner__organization_name="Kestrel Bank")
    second = User.objects.create(username="second", email="second@kestrel.example", partner=first.partner)
    second.delete()
    assert found(dave_client, "second@kestrel") == []


def test_a_renamed_partner_is_found_by_its_new_name_only(dave_client):
    partner = make_partner_user(partner__organization_name="Kestrel Bank").partner
    partner.organization_name = "Baobab Bank"
    partner.save(update_fields=["organization_name"])
    assert found(dave_client, "baobab") == ["Baobab Bank"]
    assert found(dave_client, "kestrel") == []


def test_a_login_does_not_rewrite_the_partners_search_text():
    user = make_partner_user()
    with CaptureQueriesContext(connection) as captured:
        user.save(update_fields=["last_login"])
    assert not [q for q in captured if "partners_partner" in q["sql"]]


def test_search_does_not_match_across_two_fields(dave_client):
    """Organization "Sahel Bank", partner ID "AP-T…": "bank\\nap" is no one's text."""
    make_partner_user(partner__organization_name="Sahel Bank", partner__partner_id="AP-X00001")
    assert found(dave_client, "bankap") == [] and found(dave_client, "bank ap") == []


def test_refresh_writes_the_text_of_partners_inserted_in_bulk(dave_client):
    partner = Partner.objects.bulk_create([Partner(partner_id="AP-BULK01", organization_name="Cedar Post",
                                                   partner_type=partner_type(), address="1 Road",
                                                   phone_number="+221330000000")])[0]
    User.objects.bulk_create([User(username="cedar", email="desk@cedar.example", partner=partner)])
    assert found(dave_client, "desk@cedar") == []
    search.refresh([partner.pk])
    assert Partner.objects.get(pk=partner.pk).search_text == "Cedar Post\nAP-BULK01\ndesk@cedar.example"
    assert found(dave_client, "desk@cedar") == ["Cedar Post"]


def test_a_search_past_the_count_limit_says_only_the_first_matches_are_listed(dave_client):
    kind = partner_type()
    Partner.objects.bulk_create([Partner(partner_id=f"AP-N{n:05d}", organization_name=f"Nordic {n:05d}",
                                         partner_type=kind, address="1 Road", phone_number="+221330000000")
                                 for n in range(COUNT_LIMIT + 1)])
    search.refresh()
    response = dave_client.get("/partners/", {"q": "nordic"})
    page = response.context["page"]
    assert page.paginator.capped and page.paginator.count == COUNT_LIMIT
    html = response.content.decode()
    assert "Page 1 of more than 20" in html and "Only the first 500 matches are listed" in html


def test_a_search_under_the_count_limit_gives_its_exact_number_of_pages(dave_client):
    kind = partner_type()
    Partner.objects.bulk_create([Partner(partner_id=f"AP-N{n:05d}", organization_name=f"Nordic {n:05d}",
                                         partner_type=kind, address="1 Road", phone_number="+221330000000")
                                 for n in range(26)])
    search.refresh()
    response = dave_client.get("/partners/", {"q": "nordic"})
    assert not response.context["page"].paginator.capped
    assert "Page 1 of 2" in response.content.decode()


def test_the_search_text_of_a_partner_with_many_users_stays_within_its_limit():
    partner = make_partner_user().partner
    for n in range(20):
        User.objects.create(username=f"many-users-{n}", email=f"{n:02d}{'x' * 230}@bank.example", partner=partner)
    partner.refresh_from_db()
    assert len(partner.search_text) == SEARCH_TEXT_MAX_LENGTH
    partner.save()
    assert len(Partner.objects.get(pk=partner.pk).search_text) == SEARCH_TEXT_MAX_LENGTH
