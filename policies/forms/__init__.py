from .catalog import ClonePolicyForm, DeactivateForm, PolicyFilterForm, PolicyGroupFilterForm, PolicyGroupForm
from .editor import PolicyForm
from .linking import (
    ApproveLinkForm,
    DeactivateLinkForm,
    LinkFilterForm,
    PolicyRequestForm,
    RejectLinkForm,
    SelectPolicyGroupForm,
)

__all__ = [
    "ApproveLinkForm", "ClonePolicyForm", "DeactivateForm", "DeactivateLinkForm", "LinkFilterForm",
    "PolicyFilterForm", "PolicyForm", "PolicyGroupFilterForm", "PolicyGroupForm", "PolicyRequestForm",
    "RejectLinkForm", "SelectPolicyGroupForm",
]
