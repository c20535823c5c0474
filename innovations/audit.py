"""Audit-log actions of the proposal workflow, registered with Wagtail's log registry.

Services call `wagtail.log_actions.log(instance=page, action=..., ...)`; the labels
below are what the page history in the admin shows. Registered from this module
(imported by innovations.services and innovations.wagtail_hooks) so the actions are
known whichever module loads first.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import log, registry

PROPOSAL_CREATE = "innovations.proposal_create"
PROPOSAL_SUBMIT = "innovations.proposal_submit"
ENTRY_FORWARD = "innovations.entry_forward"
ENTRY_RETURN = "innovations.entry_return"
ENTRY_WITHDRAW = "innovations.entry_withdraw"
UPLOAD_ADD = "innovations.upload_add"
UPLOAD_REMOVE = "innovations.upload_remove"
STATUS_UPDATE = "innovations.status_update"
PROPOSAL_AUTOSAVE = "innovations.proposal_autosave"

ACTIONS = {
    PROPOSAL_CREATE: (_("Create proposal"), _("Proposal created in the unit workspace")),
    PROPOSAL_SUBMIT: (_("Submit proposal"), _("Proposal submitted to the agency admin")),
    ENTRY_FORWARD: (_("Forward entry"), _("Entry forwarded to the competition")),
    ENTRY_RETURN: (_("Return entry"), _("Entry returned to the unit for revision")),
    ENTRY_WITHDRAW: (_("Withdraw entry"), _("Entry withdrawn from the competition")),
    UPLOAD_ADD: (_("Add file"), _("File added to the proposal")),
    UPLOAD_REMOVE: (_("Remove file"), _("File removed from the proposal")),
    STATUS_UPDATE: (_("Report status"), _("Yearly status of the innovation reported")),
    PROPOSAL_AUTOSAVE: (_("Autosave draft"),
                        _("Draft saved automatically while the operator wrote")),
}


def register_workspace_actions(actions):
    for action, (label, message) in ACTIONS.items():
        if action not in actions.formatters:
            actions.register_action(action, label, message)


# A module body runs once per process, so this registers the hook exactly once.
hooks.register("register_log_actions", register_workspace_actions)


def log_action(*, instance, action, user, data=None, revision=None):
    """Write one audit-log row, registering our actions if the registry scanned early."""
    if not registry.action_exists(action):
        register_workspace_actions(registry)
    extra = {"revision": revision} if revision is not None else {}
    return log(instance=instance, action=action, user=user, data=data or {}, **extra)
