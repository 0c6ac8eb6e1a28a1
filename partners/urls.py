from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("language/", views.set_language, name="set_language"),
    path("terms/", views.terms, name="terms"),
]
