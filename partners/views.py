from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pms.middleware import set_language_cookie
from pms.portal import render_partner_sections
from pms.roles import ROLES
from pms.shortcuts import safe_next

from . import services
from .forms import LanguageForm, ProfileForm
from .receivers import LANGUAGE_CHOSEN_SESSION_KEY


def profile(request):
    """The user's profile: partner ID, type and contact details, with the editable ones in a form."""
    user = request.user
    initial = {"first_name": user.first_name, "last_name": user.last_name}
    if user.partner_id:
        initial |= {"address": user.partner.address, "phone_number": user.partner.phone_number}
    form = ProfileForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_profile(user=user, actor=user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect("partners:profile")
    roles = [ROLES[g.name]["label"] for g in user.groups.all() if g.name in ROLES]
    return render(request, "partners/profile.html", {
        "form": form, "language_form": LanguageForm(initial={"language": translation.get_language()}),
        "roles": roles,
        "mfa_enabled": bool(settings.MFA_SUPPORTED_TYPES),
        "sections": render_partner_sections("profile", user.partner, request) if user.partner_id else [],
    })


@login_not_required
@require_POST
def set_language(request):
    """Switch the portal's language; for a logged-in user it also becomes the preferred language."""
    form = LanguageForm(request.POST)
    target = safe_next(request, request.POST.get("next"))
    if not form.is_valid():
        messages.error(request, _("Choose English, French or Arabic."))
        return HttpResponseRedirect(target)
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        services.change_language(user=request.user, language=language)
    else:
        request.session[LANGUAGE_CHOSEN_SESSION_KEY] = language
    translation.activate(language)
    messages.success(request, _("The portal is now shown in %(language)s.") % {
        "language": _(dict(settings.LANGUAGES)[language])})
    response = HttpResponseRedirect(target)
    set_language_cookie(response, language)
    return response


@login_not_required
def terms(request):
    return render(request, "partners/terms.html")
