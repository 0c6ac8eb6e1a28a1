"""The partner types seeded by migration 0002 (PRODUCT.md §1); the names are catalog entries."""

from django.utils.translation import gettext_noop

SEEDED_TYPES = [
    {"code": "auth-partner", "name": gettext_noop("Authentication Partner"), "domain": "AUTH",
     "id_prefix": "AP", "needs_policy_group": True, "features": ["policies", "apikeys", "oidc"], "order": 10},
    {"code": "credential-partner", "name": gettext_noop("Credential Partner"), "domain": "AUTH",
     "id_prefix": "CP", "needs_policy_group": True, "features": ["policies"], "order": 20},
    {"code": "device-provider", "name": gettext_noop("Device Provider"), "domain": "DEVICE",
     "id_prefix": "DP", "needs_policy_group": False, "features": ["sbi"], "order": 30},
    {"code": "ftm-provider", "name": gettext_noop("FTM Chip Provider"), "domain": "FTM",
     "id_prefix": "FP", "needs_policy_group": False, "features": ["ftm"], "order": 40},
]
