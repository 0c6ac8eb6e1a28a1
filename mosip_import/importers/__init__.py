"""The entity kinds of a MOSIP PMS deployment, in the order they are imported (each needs those before it)."""

from .accounts import Partners, PartnerTypes, Users
from .certificates import CaCertificates, PartnerCertificates
from .credentials import ApiKeys, OidcClients
from .devices import Devices, DeviceSbiLinks, FtmChips, Sbis
from .policies import Policies, PolicyGroups, PolicyRequests

KINDS = [
    PartnerTypes, PolicyGroups, Policies, CaCertificates, Partners, Users, PartnerCertificates, PolicyRequests,
    ApiKeys, OidcClients, Sbis, Devices, DeviceSbiLinks, FtmChips,
]
