from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context

from pms.shortcuts import is_safe_next

from . import services


class AccountAdapter(DefaultAccountAdapter):
    """Routes allauth's sign-up through our registration service (one transaction, audited).

    The form has already checked every field (the partner type queryset holds open types only).
    """

    def save_user(self, request, user, form, commit=True):
        data = form.cleaned_data
        return services.register_partner(
            username=data["username"], email=data["email"], password=data["password1"],
            first_name=data["first_name"], last_name=data["last_name"],
            organization_name=data["organization_name"], partner_type=data["partner_type"],
            address=data["address"], phone_number=data["phone_number"], language=data["language"],
        )

    def is_safe_url(self, url):
        """`next` after login, logout and the other account pages: a path on this site, else the default page."""
        return is_safe_next(context.request, url)
