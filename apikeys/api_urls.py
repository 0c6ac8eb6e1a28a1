from django.urls import path

from . import api

app_name = "apikeys_api"

urlpatterns = [
    path("verify", api.verify, name="verify"),
]
