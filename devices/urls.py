from django.urls import path

from .views import ftm, review, review_ftm, sbis

app_name = "devices"

urlpatterns = [
    # Device providers: their SBIs and devices (§7).
    path("sbis/", sbis.sbi_list, name="sbi_list"),
    path("sbis/new/", sbis.register_sbi, name="sbi_create"),
    path("sbis/<uuid:code>/", sbis.sbi_detail, name="sbi_detail"),
    path("sbis/<uuid:code>/devices/new/", sbis.add_devices, name="device_add"),
    path("sbis/<uuid:code>/deactivate/", sbis.deactivate_sbi, name="sbi_deactivate"),
    path("device/<uuid:code>/deactivate/", sbis.deactivate_device, name="device_deactivate"),
    # FTM chip providers: their chips and certificates (§7).
    path("ftm/", ftm.chip_list, name="chip_list"),
    path("ftm/new/", ftm.create_chip, name="chip_create"),
    path("ftm/<uuid:code>/", ftm.chip_detail, name="chip_detail"),
    path("ftm/<uuid:code>/certificate/", ftm.upload_chip_certificate, name="chip_certificate_upload"),
    path("ftm/<uuid:code>/deactivate/", ftm.deactivate_chip, name="chip_deactivate"),
    # Chip certificate downloads: the provider its own, FTM chip reviewers any.
    path("ftm/certificates/<uuid:code>/download/", ftm.download_chip_certificate,
         name="chip_certificate_download"),
    path("ftm/certificates/<uuid:code>/platform-signed/download/", ftm.download_chip_platform_signed,
         name="chip_platform_signed_download"),
    # Partner admins: the SBI–devices queue.
    path("review/sbis/", review.review_sbi_list, name="review_sbi_list"),
    path("review/sbis/<uuid:code>/", review.review_sbi, name="review_sbi"),
    path("review/sbis/<uuid:code>/approve/", review.approve_sbi, name="review_sbi_approve"),
    path("review/sbis/<uuid:code>/reject/", review.reject_sbi, name="review_sbi_reject"),
    path("review/sbis/<uuid:code>/deactivate/", review.deactivate_sbi, name="review_sbi_deactivate"),
    path("review/devices/", review.review_device_list, name="review_device_list"),
    path("review/devices/<uuid:code>/", review.review_device, name="review_device"),
    path("review/devices/<uuid:code>/approve/", review.approve_device, name="review_device_approve"),
    path("review/devices/<uuid:code>/reject/", review.reject_device, name="review_device_reject"),
    path("review/devices/<uuid:code>/deactivate/", review.deactivate_device, name="review_device_deactivate"),
    # Partner admins: the FTM chips queue.
    path("review/ftm/", review_ftm.review_chip_list, name="review_chip_list"),
    path("review/ftm/<uuid:code>/", review_ftm.review_chip, name="review_chip"),
    path("review/ftm/<uuid:code>/approve/", review_ftm.approve_chip, name="review_chip_approve"),
    path("review/ftm/<uuid:code>/reject/", review_ftm.reject_chip, name="review_chip_reject"),
    path("review/ftm/<uuid:code>/deactivate/", review_ftm.deactivate_chip, name="review_chip_deactivate"),
]
