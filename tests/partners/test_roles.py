import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from partners.models import User
from pms.roles import PARTNER_ADMIN, POLICY_MANAGER, ROLES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_create_partner_admin_command_creates_an_account_with_the_role(monkeypatch):
    monkeypatch.setenv("NEW_ADMIN_PASSWORD", "a-Long-admin-passphrase")
    call_command("create_partner_admin", "--username", "root", "--email", "Root@Example.org",
                 "--password-env", "NEW_ADMIN_PASSWORD")
    user = User.objects.get(username="root")
    assert user.groups.filter(name=PARTNER_ADMIN).exists()
    assert user.email == "root@example.org" and user.check_password("a-Long-admin-passphrase")
    assert AuditEvent.objects.filter(event="role_granted", details__role=PARTNER_ADMIN).exists()


def test_create_policy_manager_command_prints_a_generated_password_once(capsys):
    call_command("create_policy_manager", "--username", "pm", "--email", "pm@example.org")
    out = capsys.readouterr().out
    password = out.split("Password (shown only now): ")[1].strip()
    user = User.objects.get(username="pm")
    assert user.check_password(password) and user.groups.filter(name=POLICY_MANAGER).exists()


def test_create_command_refuses_a_taken_username_with_a_clear_message():
    UserFactory(username="root")
    with pytest.raises(CommandError, match="A user with that username already exists."):
        call_command("create_partner_admin", "--username", "ROOT", "--email", "x@example.org")


def test_create_command_refuses_an_empty_password_variable():
    with pytest.raises(CommandError, match="NOPE is empty or not set"):
        call_command("create_partner_admin", "--username", "root", "--email", "x@example.org",
                     "--password-env", "NOPE")


def test_existing_account_can_be_given_a_role_and_have_it_revoked():
    UserFactory(username="staff")
    call_command("create_policy_manager", "--username", "staff", "--existing")
    call_command("revoke_role", "--username", "staff", "--role", POLICY_MANAGER)
    assert not User.objects.get(username="staff").groups.exists()
    assert list(AuditEvent.objects.filter(module="accounts").values_list("event", flat=True).order_by("pk")) == [
        "role_granted", "role_revoked"]


def test_a_partners_user_cannot_be_given_a_staff_role(alice):
    with pytest.raises(CommandError, match="cannot hold a staff role"):
        call_command("create_partner_admin", "--username", "alice", "--existing")


def test_every_permission_named_by_a_role_exists():
    for role in ROLES.values():
        for name in role["permissions"]:
            app_label, codename = name.split(".")
            assert Permission.objects.filter(content_type__app_label=app_label, codename=codename).exists(), name


def test_superuser_holds_every_permission_of_both_roles():
    root = User.objects.create_superuser("root", "root@example.org", "x")
    for role in ROLES.values():
        assert root.has_perms(role["permissions"])


def test_partner_cannot_open_the_audit_trail(alice_client):
    assert alice_client.get("/audit/").status_code == 403
    assert alice_client.get("/audit/export.csv").status_code == 403


def test_policy_manager_cannot_open_the_audit_trail(carol_client):
    assert carol_client.get("/audit/").status_code == 403


def test_partner_cannot_open_djangos_admin(alice_client):
    response = alice_client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
