from allauth.account.adapter import DefaultAccountAdapter
from django.contrib import messages
from django.utils.translation import gettext as _

from . import services

LOGGED_IN_MESSAGE = "account/messages/logged_in.txt"


class AccountAdapter(DefaultAccountAdapter):
    """Routes allauth's sign-up through our registration service (one transaction, audited).

    The form has already checked every field (the partner type queryset holds open types only).
    """

    def save_user(self, request, user, form, commit=True):
        data = form.cleaned_data
        user = services.register_partner(
            username=data["username"], email=data["email"], password=data["password1"],
            first_name=data["first_name"], last_name=data["last_name"],
            organization_name=data["organization_name"], partner_type=data["partner_type"],
            address=data["address"], phone_number=data["phone_number"], language=data["language"],
        )
        request.pms_registered_partner = user.partner
        return user

    def add_message(self, request, level, message_template=None, message_context=None, extra_tags="",
                    message=None):
        """Right after registration, say what happened to the organization, not "Successfully signed in as …"."""
        partner = getattr(request, "pms_registered_partner", None)
        if partner is not None and message_template == LOGGED_IN_MESSAGE:
            messages.success(request, _("%(organization)s is registered as a partner. Its partner ID is "
                                        "%(partner_id)s: quote it when you contact the platform.") % {
                "organization": partner.organization_name, "partner_id": partner.partner_id})
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)
