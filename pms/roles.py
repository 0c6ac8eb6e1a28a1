"""The staff roles (PRODUCT.md §1) as groups and the permissions each one grants.

A superuser holds every permission, so it can do whatever both roles can.
"""

from django.utils.translation import gettext_lazy as _

PARTNER_ADMIN = "partner_admin"
POLICY_MANAGER = "policy_manager"

ROLES = {
    PARTNER_ADMIN: {
        "label": _("Partner admin"),
        "permissions": [
            "audit.view_auditevent",
            "partners.manage_partners",
            "certificates.manage_trust_store",
            "certificates.manage_partner_certificates",
            "policies.manage_policies",
            "policies.review_policy_links",
            "apikeys.manage_credentials",
            "devices.review_devices",
            "devices.review_ftm_chips",
        ],
    },
    POLICY_MANAGER: {
        "label": _("Policy manager"),
        "permissions": [
            "policies.manage_policies",
        ],
    },
}


def role_label(role: str) -> str:
    return str(ROLES[role]["label"])


def sync_roles() -> None:
    """Create the role groups and give each exactly its permissions (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    for name, role in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = [tuple(p.split(".", 1)) for p in role["permissions"]]
        perms = [
            perm for perm in Permission.objects.select_related("content_type")
            if (perm.content_type.app_label, perm.codename) in wanted
        ]
        group.permissions.set(perms)


def sync_roles_after_migrate(sender, **kwargs) -> None:
    # Permissions of every app exist once the last app has migrated; earlier calls are harmless.
    sync_roles()
