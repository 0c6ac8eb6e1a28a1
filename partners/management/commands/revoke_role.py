from django.core.management.base import BaseCommand, CommandError

from partners.models import User
from partners.services import revoke_role
from pms.roles import ROLES


class Command(BaseCommand):
    help = "Take a staff role (partner_admin or policy_manager) away from an account."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True, help="Login name of the account.")
        parser.add_argument("--role", required=True, choices=sorted(ROLES), help="The role to remove.")

    def handle(self, *args, **options):
        user = User.objects.filter(username__iexact=options["username"]).first()
        if user is None:
            raise CommandError(f"No account with username {options['username']!r}.")
        revoke_role(user=user, role=options["role"])
        self.stdout.write(self.style.SUCCESS(f"{user.username} no longer has the role {options['role']}."))
