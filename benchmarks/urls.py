from django.urls import include, path

from . import reference

urlpatterns = [
    path("bench/reference/", reference.page, name="bench_reference"),
    path("bench/frame/", reference.frame, name="bench_frame"),
    path("bench/reference.json", reference.json_lookup, name="bench_reference_json"),
    path("", include("pms.urls")),
]
