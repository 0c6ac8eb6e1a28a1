from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    # Trust store (§3.1), certificate admins only.
    path("trust-store/", views.ca_list, name="ca_list"),
    path("trust-store/upload/", views.ca_upload, name="ca_upload"),
    path("trust-store/<uuid:code>/", views.ca_detail, name="ca_detail"),
    path("trust-store/<uuid:code>/download/", views.ca_download, name="ca_download"),
    path("trust-store/<uuid:code>/chain/", views.ca_download_chain, name="ca_download_chain"),
    path("trust-store/<uuid:code>/deactivate/", views.ca_deactivate, name="ca_deactivate"),
    # Partner certificates (§3.3): the partner's own page, and any partner's for admins.
    path("partner/", views.my_certificate, name="my_certificate"),
    path("partners/<uuid:partner_code>/", views.partner_certificates, name="partner_certificates"),
    path("partners/<uuid:partner_code>/upload/", views.upload_partner_certificate,
         name="upload_partner_certificate"),
    path("partner-certificates/<uuid:code>/download/", views.download_partner_certificate,
         name="download_partner_certificate"),
    path("partner-certificates/<uuid:code>/platform-signed/download/", views.download_platform_signed,
         name="download_platform_signed"),
    # The portal's own CA (§3.2), for anyone who needs to verify a platform-signed certificate.
    path("portal-ca/download/", views.portal_ca_download, name="portal_ca_download"),
]
