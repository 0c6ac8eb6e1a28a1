"""The session user's permissions are loaded with the user (issue 12): the same set Django's own backend gives."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission

from partners.backends import PortalBackend
from tests.conftest import require_postgresql
from tests.factories import make_partner_admin, make_partner_user, make_policy_manager, make_staff

pytestmark = pytest.mark.django_db


def loaded(user):
    return PortalBackend().get_user(user.pk)


def django_permissions(user) -> set[str]:
    return ModelBackend().get_all_permissions(type(user).objects.get(pk=user.pk))


def test_a_partner_admin_has_the_permissions_of_its_role():
    admin = make_partner_admin()
    assert loaded(admin).get_all_permissions() == django_permissions(admin) != set()


def test_a_staff_user_has_its_own_permissions_and_those_of_its_groups():
    manager = make_policy_manager()
    manager.user_permissions.add(Permission.objects.get(codename="view_group"))
    extra = Group.objects.create(name="auditors")
    extra.permissions.add(Permission.objects.get(codename="view_permission"))
    manager.groups.add(extra)

    permissions = loaded(manager).get_all_permissions()
    assert permissions == django_permissions(manager)
    assert {"auth.view_group", "auth.view_permission"} <= permissions


def test_a_staff_user_without_a_role_has_no_permission():
    user = make_staff("partner_admin")
    user.groups.clear()
    assert loaded(user).get_all_permissions() == set()


def test_a_partner_user_has_no_staff_permission():
    assert loaded(make_partner_user()).get_all_permissions() == set()


def test_a_staff_page_reads_the_permissions_with_the_user(client, django_assert_max_num_queries):
    require_postgresql()
    client.force_login(make_partner_admin())
    client.get("/partners/")  # caches filled
    with django_assert_max_num_queries(10) as queries:
        assert client.get("/partners/").status_code == 200
    reading_permissions = [q["sql"] for q in queries.captured_queries if "auth_permission" in q["sql"]]
    assert len(reading_permissions) == 1 and "partners_partnertype" in reading_permissions[0]  # the user's load


def test_the_session_user_is_loaded_with_its_partner_and_type():
    user = make_partner_user()
    session_user = loaded(user)
    assert session_user == user and session_user.partner == user.partner
    assert session_user.partner.partner_type.code == user.partner.partner_type.code


def test_a_deactivated_user_is_not_loaded():
    user = make_partner_user()
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert loaded(user) is None


@pytest.mark.parametrize("session_value", ["abc", "", "9" * 40, "\x00"])
def test_a_session_holding_no_user_id_loads_no_user(session_value):
    assert PortalBackend().get_user(session_value) is None


def test_a_missing_user_is_not_loaded():
    user = make_partner_user()
    pk = user.pk
    user.delete()
    assert PortalBackend().get_user(pk) is None
