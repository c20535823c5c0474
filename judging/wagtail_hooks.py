"""All of judging's Wagtail admin wiring, in one place (Wagtail autoloads this module):
the audit-log actions the services write, the admin URLs (judging/admin_views/urls.py),
the "Penjurian" menu shown by role, the set-up snippets and the judge's home panel."""

from django.templatetags.static import static
from django.urls import include, path, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.models import register_snippet

from judging.admin_views.snippets import SNIPPET_VIEWSETS
from judging.services.permissions import is_judge, is_secretariat

LOG_ACTIONS = [
    ("judging.assign", _("Assign judge"), _("Judge assigned")),
    ("judging.panel", _("Set round panel"), _("Round panel changed")),
    ("judging.recuse", _("Recuse judge"), _("Judge recused")),
    ("judging.conflict", _("Declare conflict of interest"), _("Conflict of interest declared")),
    ("judging.score_submit", _("Submit score"), _("Score submitted")),
    ("judging.score_reopen", _("Reopen score"), _("Score reopened")),
    ("judging.screening", _("Screening decision"), _("Screening decision recorded")),
    ("judging.panel_decision", _("Panel decision"), _("Panel decision recorded")),
    ("judging.finalise", _("Finalise round"), _("Round finalised")),
    ("judging.quota_proposal", _("Apply proportional quota minimums"),
     _("Proportional quota minimums applied")),
    ("judging.publish", _("Publish result"), _("Result published")),
    ("judging.provisional_announce", _("Announce provisional list"),
     _("Provisional list announced with an objection period")),
    ("judging.objection_file", _("File objection"), _("Objection filed")),
    ("judging.objection_decide", _("Decide objection"), _("Objection decided")),
    ("judging.entry_decision", _("Decide on the entry of an objection"),
     _("Entry decided after an upheld objection")),
    ("judging.assignment_cancel", _("Cancel assignment"),
     _("Assignment cancelled (entry left the round)")),
    ("judging.assignment_set_aside", _("Set a score aside for a re-score"),
     _("Assignment set aside: the entry is scored again")),
    ("judging.rescore_apply", _("Apply a re-score"),
     _("Re-score applied: a new result replaces the current one")),
    ("judging.achievement_withdraw", _("Withdraw awards"),
     _("Awards withdrawn after a decision on an objection")),
    ("judging.archive_import", _("Import past results"), _("Past results imported")),
    ("judging.agency_merge", _("Merge agencies"), _("Agencies merged")),
    ("judging.remind", _("Remind judges"), _("Judges with open work reminded by e-mail")),
    ("judging.edition_pages", _("Create edition pages"),
     _("Public pages of the edition created in every language")),
    ("judging.job_start", _("Start background job"), _("Background job started")),
    ("judging.job_done", _("Finish background job"), _("Background job finished")),
    ("judging.job_failed", _("Background job failed"), _("Background job failed")),
]


@hooks.register("register_log_actions")
def register_judging_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)


@hooks.register("insert_global_admin_css")
def judging_admin_css():
    # Global, so the admin home's panels get it too; every rule is prefixed "jd-".
    return format_html('<link rel="stylesheet" href="{}">', static("judging/admin.css"))


@hooks.register("register_admin_urls")
def register_judging_admin_urls():
    return [path("", include("judging.admin_views.urls"))]


class _RoleMenuItem(MenuItem):
    def __init__(self, *args, show_if, **kwargs):
        super().__init__(*args, **kwargs)
        self.show_if = show_if

    def is_shown(self, request):
        return self.show_if(request.user)


# The "Penjurian" submenu: (name, label, URL name, icon, order, who sees it). The set-up
# snippets join it through MENU_HOOK (their viewsets' menu_hook).
MENU_ITEMS = [
    ("judging-my-assignments", _("My assignments"), "judging_admin:my_assignments", "tasks",
     100, is_judge),
    ("judging-rounds", _("Rounds and dashboard"), "judging_admin:rounds", "table", 200,
     is_secretariat),
    ("judging-objection-periods", _("Objection periods"), "judging_admin:objection_periods",
     "warning", 300, is_secretariat),
    ("judging-objections", _("Objections"), "judging_admin:objection_list", "warning", 310,
     is_secretariat),
    ("judging-jobs", _("Background jobs"), "judging_admin:jobs", "time", 800,
     is_secretariat),
    ("judging-archive-import", _("Import past results"), "judging_admin:archive_import",
     "upload", 900, is_secretariat),
    ("judging-agency-merge", _("Merge agencies"), "judging_admin:agency_merge", "site", 910,
     is_secretariat),
]


@hooks.register("register_admin_menu_item")
def register_judging_menu():
    items = [
        _RoleMenuItem(label, reverse_lazy(url_name), name=name, icon_name=icon, order=order,
                      show_if=show_if)
        for name, label, url_name, icon, order, show_if in MENU_ITEMS
    ]
    menu = Menu(register_hook_name="register_judging_menu_item", items=items)
    return SubmenuMenuItem(_("Judging"), menu, name="judging", icon_name="pick", order=210)


for viewset in SNIPPET_VIEWSETS:
    register_snippet(viewset)


@hooks.register("construct_homepage_panels")
def add_judging_home_panel(request, panels):
    from judging.admin_views.dashboard import SecretariatHomePanel
    from judging.admin_views.scores import JudgingHomePanel

    if is_judge(request.user):
        panels.append(JudgingHomePanel(request.user))
    if is_secretariat(request.user):
        panels.append(SecretariatHomePanel())
