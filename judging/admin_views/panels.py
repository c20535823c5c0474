"""Secretariat: a round's panel, the judges who score it, with a cap per judge.

Every active judge is listed (two queries whatever their number, by
judging.services.panels.panel_rows); the form posts the ticked judges and their caps and
set_panel decides. Bad input (a cap that is not a whole number, a rule set_panel
refuses) re-renders the form with what was typed and the message.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from judging.models import RoundStatus
from judging.services import set_panel
from judging.services.panels import panel_rows

from .base import JudgingAdminView, RoundMixin, error_messages


def read_panel(*, post, rows):
    """({judge id: cap or None} for the ticked judges, errors, typed values) from the
    posted form; ``rows`` are the panel_rows offered (other ids are ignored)."""
    ticked = set(post.getlist("member"))
    members, errors, typed = {}, [], {}
    for row in rows:
        key = str(row["pk"])
        raw = post.get(f"cap-{key}", "").strip()
        typed[row["pk"]] = {"member": key in ticked, "cap": raw}
        if key not in ticked:
            continue
        if raw == "":
            members[row["pk"]] = None
        elif raw.isdigit():
            members[row["pk"]] = int(raw)
        else:
            errors.append(_("The cap of %(judge)s must be a whole number.")
                          % {"judge": row["name"]})
    return members, errors, typed


class PanelView(RoundMixin, JudgingAdminView):
    template_name = "judging/admin/round_panel.html"

    def get_page_title(self):
        return _("Panel: %(round)s") % {"round": self.get_round().name}

    def get_crumbs(self):
        return [(_("Judging rounds"), reverse("judging_admin:rounds")),
                (str(self.get_round()), self.dashboard_url())]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round = self.get_round()
        rows = kwargs.get("rows") or panel_rows(round=round)
        typed = kwargs.get("typed")
        if typed:
            for row in rows:
                row["member"] = typed[row["pk"]]["member"]
                row["cap_typed"] = typed[row["pk"]]["cap"]
        else:
            for row in rows:
                row["cap_typed"] = "" if row["cap"] is None else str(row["cap"])
        context.update({
            "round": round, "rows": rows, "members": sum(1 for r in rows if r["member"]),
            "editable": round.is_scored and round.status != RoundStatus.FINALISED,
            "errors": kwargs.get("errors", []), "dashboard_url": self.dashboard_url(),
        })
        return context

    def post(self, request, pk):
        round = self.get_round()
        rows = panel_rows(round=round)
        members, errors, typed = read_panel(post=request.POST, rows=rows)
        if not errors:
            try:
                change = set_panel(round=round, user=request.user, members=members)
            except ValidationError as error:
                errors = error_messages(error)
        if errors:
            response = self.render_to_response(self.get_context_data(
                rows=rows, typed=typed, errors=errors))
            response.status_code = 400
            return response
        if change["added"] or change["removed"] or change["caps"]:
            messages.success(request, _("The panel is saved."))
        else:
            messages.info(request, _("Nothing changed on the panel."))
        return redirect(request.path)
