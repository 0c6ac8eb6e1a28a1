import os
import secrets

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from partners.models import Language, User
from partners.services import create_staff_user, grant_role
from pms.errors import Refused


class StaffCommand(BaseCommand):
    """Shared by create_partner_admin and create_policy_manager; `role` names the group."""

    role = ""

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True, help="Login name of the account.")
        parser.add_argument("--email", help="Email address (required for a new account).")
        parser.add_argument("--password-env", metavar="VAR",
                            help="Read the password from this environment variable (else one is generated "
                                 "and printed once).")
        parser.add_argument("--first-name", default="", help="First name.")
        parser.add_argument("--last-name", default="", help="Last name.")
        parser.add_argument("--language", default="en", choices=Language.values, help="Preferred language.")
        parser.add_argument("--existing", action="store_true",
                            help="Give the role to an existing account instead of creating one.")

    def handle(self, *args, **options):
        if options["existing"]:
            user = User.objects.filter(username__iexact=options["username"]).first()
            if user is None:
                raise CommandError(f"No account with username {options['username']!r}.")
            self._run(grant_role, user=user, role=self.role)
            self.stdout.write(self.style.SUCCESS(f"{user.username} now has the role {self.role}."))
            return
        if not options["email"]:
            raise CommandError("--email is required to create an account.")
        password = self._password(options["password_env"])
        self._run(create_staff_user, username=options["username"], email=options["email"], password=password,
                  role=self.role, first_name=options["first_name"], last_name=options["last_name"],
                  language=options["language"])
        self.stdout.write(self.style.SUCCESS(f"Created {options['username']} with the role {self.role}."))
        if not options["password_env"]:
            self.stdout.write(f"Password (shown only now): {password}")

    def _password(self, variable: str | None) -> str:
        if not variable:
            return secrets.token_urlsafe(12)
        value = os.environ.get(variable, "")
        if not value:
            raise CommandError(f"The environment variable {variable} is empty or not set.")
        return value

    def _run(self, service, **kwargs):
        try:
            return service(**kwargs)
        except Refused as refusal:
            raise CommandError(str(refusal)) from refusal
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
