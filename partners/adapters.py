from allauth.account.adapter import DefaultAccountAdapter

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
