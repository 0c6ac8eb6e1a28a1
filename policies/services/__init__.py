"""Every state change of policy groups, policies, group selection and links; each is audited (§2, §4, §5)."""

from .catalog import (
    InvalidDocument,
    activate_policy_group,
    clone_policy,
    create_policy,
    create_policy_group,
    deactivate_policy,
    deactivate_policy_group,
    publish_policy,
    update_policy,
    update_policy_group,
)
from .linking import approve_link, deactivate_link, reject_link, request_policy, select_policy_group

__all__ = [
    "InvalidDocument", "activate_policy_group", "approve_link", "clone_policy", "create_policy",
    "create_policy_group", "deactivate_link", "deactivate_policy", "deactivate_policy_group",
    "publish_policy", "reject_link", "request_policy", "select_policy_group", "update_policy",
    "update_policy_group",
]
