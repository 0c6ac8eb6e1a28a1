from django.urls import path

from . import admin_views

app_name = "partner_admin"

urlpatterns = [
    path("", admin_views.partner_list, name="list"),
    path("<uuid:code>/", admin_views.partner_detail, name="detail"),
    path("<uuid:code>/deactivate/", admin_views.partner_deactivate, name="deactivate"),
]
