from .partner import (
    download_partner_certificate,
    download_platform_signed,
    my_certificate,
    partner_certificates,
    portal_ca_download,
    upload_partner_certificate,
)
from .trust_store import ca_deactivate, ca_detail, ca_download, ca_download_chain, ca_list, ca_upload

__all__ = [
    "ca_deactivate", "ca_detail", "ca_download", "ca_download_chain", "ca_list", "ca_upload",
    "download_partner_certificate", "download_platform_signed", "my_certificate", "partner_certificates",
    "portal_ca_download", "upload_partner_certificate",
]
