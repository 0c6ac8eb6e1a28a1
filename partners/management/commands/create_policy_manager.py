from pms.roles import POLICY_MANAGER

from ._staff import StaffCommand


class Command(StaffCommand):
    help = "Create a policy manager account (or give the role to an existing account with --existing)."
    role = POLICY_MANAGER
