"""Admin hooks of the objection period: its audit-log actions, admin URLs
(/admin/masa-sanggah/) and two items in the Judging menu (secretariat only).

Imported by judging/wagtail_hooks.py (one line), since Wagtail autoloads only that module.
"""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from judging.services.permissions import is_secretariat

LOG_ACTIONS = [
    ("judging.provisional_announce", _("Announce provisional list"),
     _("Provisional list announced with an objection period")),
    ("judging.objection_file", _("File objection"), _("Objection filed")),
    ("judging.objection_decide", _("Decide objection"), _("Objection decided")),
]


@hooks.register("register_log_actions")
def register_objection_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def register_objection_admin_urls():
    from judging.admin_views import objections

    return [path("masa-sanggah/", include((objections.urlpatterns, "judging_objections")))]


class _SecretariatMenuItem(MenuItem):
    def is_shown(self, request):
        return is_secretariat(request.user)


@hooks.register("register_judging_menu_item")
def register_objection_periods_menu_item():
    return _SecretariatMenuItem(_("Objection periods"), reverse_lazy("judging_objections:periods"),
                                name="judging-objection-periods", icon_name="warning", order=300)


@hooks.register("register_judging_menu_item")
def register_objections_menu_item():
    return _SecretariatMenuItem(_("Objections"), reverse_lazy("judging_objections:list"),
                                name="judging-objections", icon_name="warning", order=310)
