from django.urls import path

from . import views

app_name = "apikeys"

urlpatterns = [
    path("", views.key_list, name="list"),
    path("new/", views.generate_key, name="generate"),
    path("<uuid:code>/", views.key_detail, name="detail"),
    path("<uuid:code>/created/", views.key_created, name="created"),
    path("<uuid:code>/deactivate/", views.deactivate_key, name="deactivate"),
    path("oidc/", views.client_list, name="client_list"),
    path("oidc/new/", views.create_client, name="client_create"),
    path("oidc/<uuid:code>/", views.client_detail, name="client_detail"),
    path("oidc/<uuid:code>/edit/", views.edit_client, name="client_edit"),
    path("oidc/<uuid:code>/deactivate/", views.deactivate_client, name="client_deactivate"),
]
