"""Judging's Wagtail admin hooks: the audit-log actions its services write."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

LOG_ACTIONS = [
    ("judging.assign", _("Assign judge"), _("Judge assigned")),
    ("judging.recuse", _("Recuse judge"), _("Judge recused")),
    ("judging.conflict", _("Declare conflict of interest"), _("Conflict of interest declared")),
    ("judging.score_submit", _("Submit score"), _("Score submitted")),
    ("judging.score_reopen", _("Reopen score"), _("Score reopened")),
    ("judging.screening", _("Screening decision"), _("Screening decision recorded")),
    ("judging.panel_decision", _("Panel decision"), _("Panel decision recorded")),
    ("judging.finalise", _("Finalise round"), _("Round finalised")),
    ("judging.publish", _("Publish result"), _("Result published")),
]


@hooks.register("register_log_actions")
def register_judging_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)


# --- Judging screens in the admin (menu "Penjurian"): judges' assignments and the
# secretariat's rounds. Items show by role; other code can add items to the submenu
# with the "register_judging_menu_item" hook.


class _RoleMenuItem(MenuItem):
    def __init__(self, *args, show_if, **kwargs):
        super().__init__(*args, **kwargs)
        self.show_if = show_if

    def is_shown(self, request):
        return self.show_if(request.user)


@hooks.register("register_admin_urls")
def register_judging_admin_urls():
    return [path("penjurian/", include("judging.admin_views.urls"))]


@hooks.register("register_admin_menu_item")
def register_judging_menu():
    from judging.services.permissions import is_judge, is_secretariat

    items = [
        _RoleMenuItem(_("My assignments"), reverse_lazy("judging_admin:my_assignments"),
                      name="judging-my-assignments", icon_name="tasks", order=100,
                      show_if=is_judge),
        _RoleMenuItem(_("Rounds and dashboard"), reverse_lazy("judging_admin:rounds"),
                      name="judging-rounds", icon_name="table", order=200,
                      show_if=is_secretariat),
    ]
    menu = Menu(register_hook_name="register_judging_menu_item", items=items)
    return SubmenuMenuItem(_("Judging"), menu, name="judging", icon_name="pick", order=210)


# Plain snippet screens for the set-up data (competitions, rounds, rubrics, judge
# profiles), listed in the submenu above; importing registers them. objection_hooks:
# the masa sanggah screens and log actions.
from judging import admin_setup, objection_hooks  # noqa: E402,F401


@hooks.register("construct_homepage_panels")
def add_judging_home_panel(request, panels):
    from judging.admin_views.judge import JudgingHomePanel
    from judging.services.permissions import is_judge

    if is_judge(request.user):
        panels.append(JudgingHomePanel(request.user))
