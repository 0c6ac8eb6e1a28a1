from django.urls import path

from . import admin_views

app_name = "apikeys_admin"

urlpatterns = [
    path("", admin_views.key_list, name="key_list"),
    path("keys/<uuid:code>/", admin_views.key_detail, name="key_detail"),
    path("keys/<uuid:code>/deactivate/", admin_views.key_deactivate, name="key_deactivate"),
    path("oidc/", admin_views.client_list, name="client_list"),
    path("oidc/<uuid:code>/", admin_views.client_detail, name="client_detail"),
    path("oidc/<uuid:code>/deactivate/", admin_views.client_deactivate, name="client_deactivate"),
]
