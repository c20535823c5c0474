"""Secretariat: assign one judge to one entry by hand, beside the automatic assignment.

The list of judges offered is computed by judging.services.eligible_judges (the same
panel, cap and conflict rules as assign_manually) in a fixed number of queries whatever the pool's
size; assign_manually still decides, so a forced POST for a conflicted judge is refused
with the service's message.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from judging.models import Assignment, AssignmentStatus, RoundStatus
from judging.services import assign_manually, round_entries
from judging.services.assignments import eligible_judges
from judging.services.panels import panel_caps

from .base import JudgingAdminView, RoundMixin, error_messages


def judge_label(*, username, first_name, last_name):
    full = f"{first_name} {last_name}".strip()
    return full or username


def judge_options(*, round, ids):
    """The eligible judges as dicts, with their active load in this round and their cap
    (the panel member's cap, else the profile's usual maximum): three queries."""
    caps = panel_caps(round=round)
    active_here = Q(judging_assignments__round=round,
                    judging_assignments__status=AssignmentStatus.ACTIVE)
    rows = (get_user_model().objects.filter(pk__in=ids)
            .annotate(load=Count("judging_assignments", filter=active_here))
            .values("pk", "username", "first_name", "last_name", "load",
                    "judge_profile__affiliation"))
    options = [{"pk": row["pk"], "load": row["load"], "cap": caps.get(row["pk"]),
                "affiliation": row["judge_profile__affiliation"] or "",
                "name": judge_label(username=row["username"], first_name=row["first_name"],
                                    last_name=row["last_name"])}
               for row in rows]
    # Least-loaded first: that is usually whom the secretariat wants.
    return sorted(options, key=lambda o: (o["load"], o["name"].lower(), o["pk"]))


class EntryAssignView(RoundMixin, JudgingAdminView):
    """One entry of a round: its assignments and a form to add a judge by hand."""

    template_name = "judging/admin/entry_assign.html"

    def get_entry(self):
        if not hasattr(self, "_entry"):
            self._entry = get_object_or_404(
                round_entries(self.get_round()).select_related("innovation__agency__province"),
                pk=self.kwargs["entry_id"])
        return self._entry

    def entry_url(self):
        return reverse("judging_admin:entry_scores",
                       args=[self.get_round().pk, self.get_entry().pk])

    def get_page_title(self):
        return _("Assign a judge: entry %(id)s") % {"id": self.get_entry().pk}

    def get_crumbs(self):
        entry = self.get_entry()
        return [(_("Judging rounds"), reverse("judging_admin:rounds")),
                (str(self.get_round()), self.dashboard_url()),
                (_("Entry %(id)s: %(title)s") % {"id": entry.pk,
                                                 "title": entry.innovation.title},
                 self.entry_url())]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round, entry = self.get_round(), self.get_entry()
        assignments = (Assignment.objects.filter(round=round, entry=entry)
                       .select_related("judge", "score").order_by("status", "judge__username"))
        open_for_changes = round.is_scored and round.status != RoundStatus.FINALISED
        options, conflicted = [], 0
        if open_for_changes:
            ids, conflicted = eligible_judges(round=round, entry=entry)
            options = judge_options(round=round, ids=ids)
        context.update({"round": round, "entry": entry, "assignments": assignments,
                        "open_for_changes": open_for_changes, "options": options,
                        "conflicted": conflicted, "entry_url": self.entry_url(),
                        "chosen": kwargs.get("chosen")})
        return context

    def post(self, request, pk, entry_id):
        round, entry = self.get_round(), self.get_entry()
        raw = request.POST.get("judge", "")
        judge = get_user_model().objects.filter(pk=int(raw)).first() if raw.isdigit() else None
        try:
            if judge is None:
                raise ValidationError(_("Choose a judge."))
            assign_manually(round=round, entry=entry, judge=judge, user=request.user)
        except ValidationError as error:
            for message in error_messages(error):
                messages.error(request, message)
            response = self.render_to_response(self.get_context_data(chosen=raw))
            response.status_code = 400
            return response
        messages.success(request, _("%(judge)s is assigned to this entry.")
                         % {"judge": judge.get_full_name() or judge.get_username()})
        return redirect(request.path)
