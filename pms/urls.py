from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from . import views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="dashboard", permanent=False)),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    # allauth's e-mail management page is not part of the portal (addresses are not managed there, and the
    # page writes on GET); its name stays, because allauth redirects to it, and leads to the profile.
    path("accounts/email/", RedirectView.as_view(pattern_name="partners:profile"), name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("partners.urls")),
    path("audit/", include("audit.urls")),
    path("partners/", include("partners.admin_urls")),
    path("certificates/", include("certificates.urls")),
    path("policies/", include("policies.urls")),
    path("apikeys/", include("apikeys.urls")),
    path("auth-services/", include("apikeys.admin_urls")),
    path("api/v1/apikeys/", include("apikeys.api_urls")),
    path("devices/", include("devices.urls")),
    path("notifications/", include("notifications.urls")),
    path("admin/", admin.site.urls),
]
