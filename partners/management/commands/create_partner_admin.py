from pms.roles import PARTNER_ADMIN

from ._staff import StaffCommand


class Command(StaffCommand):
    help = "Create a partner admin account (or give the role to an existing account with --existing)."
    role = PARTNER_ADMIN
