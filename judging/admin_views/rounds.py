"""Secretariat screens: rounds, the round dashboard and its actions.

Every number on the dashboard comes from compute_round_statistics (a fixed number of
queries whatever the round's size); the views add one query for entry labels of the
rows on screen. Actions are POST-only and call one service each.
"""

from fractions import Fraction

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.db.models.fields.json import KeyTextTransform
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from judging.models import (
    Assignment,
    AssignmentStatus,
    Entry,
    QuotaDimension,
    Round,
    RoundResult,
    RoundStatus,
    Score,
    ScoreStatus,
)
from judging.services import (
    CutoffTieError,
    UnmetMinimumError,
    assign_automatically,
    compute_round_statistics,
    finalise_round,
    publish_result,
    reason_text,
    reopen_score,
    round_entries,
    set_round_status,
)
from judging.services.assignments import normalisation_warning
from judging.services.limits import PANEL_NOTE_MAX
from judging.services.quotas import apply_proportional_minimums, cluster_display
from judging.services.reminders import remind_judges
from judging.services.results import unmet_text

from .base import JudgingAdminView, RoundMixin, SecretariatRequiredMixin, error_messages
from .charts import histogram, histogram_html

RANKING_PAGE_SIZE = 100
# Flagged entries per page of the disagreement list: at national size (3,500 entries) a
# few hundred to a few thousand are flagged, which on one page made the dashboard
# megabytes of HTML.
DISAGREEMENT_PAGE_SIZE = 50


def percent(done, expected):
    return round(100 * done / expected) if expected else 0


def entry_labels(entry_ids):
    """{entry_id: {"title", "agency", "province"}} in one query (frozen titles)."""
    rows = Entry.objects.filter(pk__in=list(entry_ids)).annotate(
        frozen_title=KeyTextTransform("title", "revision__content")).values_list(
        "pk", "frozen_title", "innovation__title", "innovation__agency__name",
        "innovation__agency__province__name")
    return {pk: {"title": frozen or title, "agency": agency, "province": province}
            for pk, frozen, title, agency, province in rows}


class RoundListView(SecretariatRequiredMixin, JudgingAdminView):
    template_name = "judging/admin/round_list.html"
    page_title = gettext_lazy("Judging rounds")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        active = Q(assignments__status=AssignmentStatus.ACTIVE)
        rounds = (
            Round.objects.select_related("competition")
            .prefetch_related(Prefetch("results", RoundResult.objects.current(),
                                       to_attr="current_results"))
            .annotate(expected=Count("assignments", filter=active),
                      submitted=Count("assignments", filter=active & Q(
                          assignments__score__status=ScoreStatus.SUBMITTED)))
            .order_by("-competition__year", "order")
        )
        competitions = {}
        for item in rounds:
            item.percent = percent(item.submitted, item.expected)
            competitions.setdefault(item.competition, []).append(item)
        context["competitions"] = list(competitions.items())
        return context


class RoundDashboardView(RoundMixin, JudgingAdminView):
    template_name = "judging/admin/round_dashboard.html"

    def get_page_title(self):
        return str(self.get_round())

    def get_crumbs(self):
        return [(_("Judging rounds"), reverse("judging_admin:rounds"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round = self.get_round()
        result = RoundResult.objects.current().filter(round=round).first()
        context.update({"round": round, "result": result,
                        "finalised": round.status == RoundStatus.FINALISED,
                        "panel_note_max": PANEL_NOTE_MAX})
        if round.is_scored:
            context.update(self.scored_context(round, result))
            context.update(self.quota_context(round, result))
        context.update(kwargs)
        return context

    def quota_context(self, round, result):
        """The round's quotas (one query) and, once finalised, what the snapshot
        recorded: unmet minimums with the panel's note, seats given by quota."""
        quotas = [{"label": cluster_display(q.dimension, q.cluster), "min": q.min_seats,
                   "max": q.max_seats} for q in round.quotas.all()]
        outcome = (result.round_settings or {}).get("quota_outcome") if result else None
        recorded = None
        if outcome:
            seats = outcome.get("quota_seats", [])
            labels = entry_labels({item["entry"] for item in seats})
            recorded = {
                "unmet": [unmet_text(item) for item in outcome.get("unmet_minimums", [])],
                "note": outcome.get("panel_note", ""),
                "seats": [{"entry_id": item["entry"], **labels.get(item["entry"], {}),
                           "cluster": cluster_display(item["dimension"], item["cluster"],
                                                      item.get("name"))} for item in seats],
            }
        return {"quotas": quotas, "quota_outcome": recorded,
                "quota_dimensions": QuotaDimension.choices}

    def scored_context(self, round, result):
        stats = compute_round_statistics(round=round)
        judges = sorted(stats.judges.values(), key=lambda j: (j.name.lower(), j.judge_id))
        for judge in judges:
            judge.percent = percent(judge.submitted, judge.expected)
            judge.chart = histogram(judge.totals)
            judge.chart_html = histogram_html(judge.chart, name=judge.name,
                                              chart_id=judge.judge_id)
        page = Paginator(stats.ranking, RANKING_PAGE_SIZE).get_page(self.request.GET.get("p"))
        disagreements = Paginator(
            sorted(stats.disagreements, key=lambda s: (-(s.sd or 0), -(s.range or 0),
                                                       s.entry_id)),
            DISAGREEMENT_PAGE_SIZE).get_page(self.request.GET.get("pd"))
        labels = entry_labels({r.entry_id for r in page} | {s.entry_id for s in disagreements})
        ranking = [{"rank": r.rank, "tied": r.tied, "score": r.score, "entry_id": r.entry_id,
                    "stats": stats.entries[r.entry_id], **labels.get(r.entry_id, {})}
                   for r in page]
        if result is not None:
            # The frozen outcome: selected or not, and why (one query for the page).
            outcome = {
                entry_id: (selected, reason_text(code, params or {}))
                for entry_id, selected, code, params in result.rows.filter(
                    entry_id__in=[r.entry_id for r in page]).values_list(
                    "entry_id", "selected", "reason_code", "reason_params")
            }
            for row in ranking:
                row["selected"], row["reason"] = outcome.get(row["entry_id"], (None, ""))
        flagged = [{"stats": s, "entry_id": s.entry_id, **labels.get(s.entry_id, {})}
                   for s in disagreements]
        return {
            "stats": stats, "judges": judges, "ranking": ranking, "ranking_page": page,
            "disagreements": flagged, "disagreement_page": disagreements,
            "overall_percent": percent(stats.submitted, stats.expected),
            "too_few": len(stats.too_few_judges),
            "bins": judges[0].chart["bars"] if judges else [],
        }


class RoundActionView(RoundMixin, View):
    """Base for POST actions on a round: run, report, return to the dashboard."""

    def post(self, request, pk):
        round = self.get_round()
        try:
            response = self.perform(request, round)
        except ValidationError as error:
            for message in error_messages(error):
                messages.error(request, message)
            return redirect(self.dashboard_url())
        return response or redirect(self.dashboard_url())


class AssignView(RoundActionView):
    """Auto-assign; warn first (and ask again) when no judge would reach the minimum
    number of scores for severity normalisation."""

    def perform(self, request, round):
        if request.POST.get("confirm") != "1":
            warning = normalisation_warning(round=round)
            if warning is not None:
                view = RoundDashboardView(request=request, kwargs={"pk": round.pk})
                view._round = round
                return view.render_to_response(view.get_context_data(
                    assign_warning={"most": warning[0], "minimum": warning[1],
                                    "panel": round.panel_members.count()}))
        plan = assign_automatically(round=round, user=request.user)
        messages.success(request, _("%(count)s assignments created.")
                         % {"count": len(plan.assignments)})
        if plan.shortfalls:
            messages.warning(request, _("%(count)s entries could not get enough judges "
                                        "(conflicts or caps).") % {"count": len(plan.shortfalls)})


class FinaliseView(RoundActionView):
    """Finalise; when the service reports a cut-off tie, show the panel form."""

    def perform(self, request, round):
        decisions = {}
        for key, value in request.POST.items():
            if key.startswith("panel-") and value in ("1", "0"):
                decisions[int(key.removeprefix("panel-"))] = value == "1"
        note = request.POST.get("panel_note", "").strip()
        try:
            finalise_round(round=round, user=request.user, panel_decisions=decisions or None,
                           panel_note=note,
                           allow_incomplete=request.POST.get("allow_incomplete") == "1",
                           accept_unmet_minimums=request.POST.get("accept_unmet") == "1")
        except UnmetMinimumError as error:
            # Nothing was saved: the form carries the tie decisions (if any) again.
            view = RoundDashboardView(request=request, kwargs={"pk": round.pk})
            view._round = round
            asked = request.POST.get("accept_unmet") is not None
            response = view.render_to_response(view.get_context_data(unmet={
                "items": [unmet_text(item) for item in error.unmet], "note": note,
                "decisions": sorted(decisions.items()),
                "error": asked and (_("Tick the box and write the panel's note to finalise "
                                      "with unmet minimums.")),
            }))
            response.status_code = 409
            return response
        except CutoffTieError as error:
            labels = entry_labels(error.entry_ids)
            view = RoundDashboardView(request=request, kwargs={"pk": round.pk})
            view._round = round
            messages.error(request, error.messages[0])
            response = view.render_to_response(view.get_context_data(
                tie={"seats": error.seats, "entries": [
                    {"entry_id": pk, **labels.get(pk, {})} for pk in error.entry_ids]}))
            response.status_code = 409
            return response
        messages.success(request, _("The round is finalised."))


def incomplete_work(round):
    """What closing ``round`` now leaves undone: active assignments without a submitted
    score (scored rounds) or entries without a decision (pass/fail rounds)."""
    if round.is_scored:
        pending = list(Assignment.objects.filter(round=round, status=AssignmentStatus.ACTIVE)
                       .exclude(score__status=ScoreStatus.SUBMITTED)
                       .select_related("judge", "score").order_by("entry_id", "judge_id"))
        labels = entry_labels({a.entry_id for a in pending})
        return [{"entry_id": a.entry_id, **labels.get(a.entry_id, {}),
                 "judge": a.judge.get_full_name() or a.judge.get_username(),
                 "status": _("Draft") if hasattr(a, "score") else _("Not started")}
                for a in pending]
    undecided = list(round_entries(round).exclude(screening_decisions__round=round)
                     .order_by("pk").values_list("pk", flat=True))
    labels = entry_labels(undecided)
    return [{"entry_id": pk, **labels.get(pk, {}), "judge": "",
             "status": _("No decision yet")} for pk in undecided]


class CloseView(RoundMixin, JudgingAdminView):
    """Closing is a step of its own: it lists what is still incomplete, then asks."""

    template_name = "judging/admin/round_close.html"

    def get_page_title(self):
        return _("Close %(round)s") % {"round": self.get_round().name}

    def get_crumbs(self):
        return [(_("Judging rounds"), reverse("judging_admin:rounds")),
                (str(self.get_round()), self.dashboard_url())]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"round": self.get_round(),
                        "incomplete": incomplete_work(self.get_round())})
        return context


class StatusView(RoundActionView):
    """Open or close a round (finalising has its own view). Closing needs the
    confirmation of the close page (``confirm=1``)."""

    def perform(self, request, round):
        status = request.POST.get("status")
        if status not in (RoundStatus.OPEN, RoundStatus.CLOSED):
            raise ValidationError(_("Choose open or closed."))
        if status == RoundStatus.CLOSED and request.POST.get("confirm") != "1":
            return redirect("judging_admin:round_close", round.pk)
        set_round_status(round=round, user=request.user, status=status)
        messages.success(request, _("The round is now %(status)s.")
                         % {"status": round.get_status_display()})


class RemindView(RoundActionView):
    """E-mail the judges with open work (services/reminders.py; once a day per round)."""

    def perform(self, request, round):
        count = remind_judges(round=round, user=request.user)
        if count:
            messages.success(request, ngettext(
                "A reminder is on its way to %(count)d judge.",
                "Reminders are on their way to %(count)d judges.", count) % {"count": count})
        else:
            messages.info(request, _("No reminder sent: one already went out today, or every "
                                     "judge has submitted."))


class QuotaProposalView(RoundActionView):
    """Apply the proportional proposal of minimums for one dimension (a service,
    audited); the message lists the minimums set."""

    def perform(self, request, round):
        dimension = request.POST.get("dimension", "")
        try:
            percent_value = int(request.POST.get("reserve", "100"))
        except ValueError:
            percent_value = -1
        if not 0 <= percent_value <= 100:
            raise ValidationError(_("The share of seats must be a whole number from 0 to 100."))
        proposal = apply_proportional_minimums(round=round, user=request.user,
                                               dimension=dimension,
                                               reserve=Fraction(percent_value, 100))
        if not proposal:
            messages.warning(request, _("No entry of this round has a value in that dimension; "
                                        "no minimum was set."))
            return
        messages.success(request, _("Proportional minimums set: %(list)s.") % {
            "list": "; ".join(f"{cluster_display(dimension, cluster)} ≥ {minimum}"
                              for cluster, minimum in proposal.items())})


class PublishView(RoundActionView):
    def perform(self, request, round):
        # The current snapshot: after a decision on an objection there are several.
        result = get_object_or_404(RoundResult.objects.current(), round=round)
        publish_result(result=result, user=request.user)
        messages.success(request, _("The result is published."))


class EntryScoresView(RoundMixin, JudgingAdminView):
    """One entry's score sheets in a round (secretariat only): totals and reopen."""

    template_name = "judging/admin/entry_scores.html"

    def get_entry(self):
        if not hasattr(self, "_entry"):
            self._entry = get_object_or_404(
                Entry.objects.select_related("innovation__agency", "revision"),
                pk=self.kwargs["entry_id"])
        return self._entry

    def get_page_title(self):
        entry = self.get_entry()
        return _("Entry %(id)s: %(title)s") % {"id": entry.pk, "title": entry.innovation.title}

    def get_crumbs(self):
        return [(_("Judging rounds"), reverse("judging_admin:rounds")),
                (str(self.get_round()), self.dashboard_url())]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assignments = (Assignment.objects.filter(round=self.get_round(), entry=self.get_entry())
                       .select_related("judge", "score").order_by("status", "judge__username"))
        context.update({"round": self.get_round(), "entry": self.get_entry(),
                        "assignments": assignments, "reason_errors": kwargs.get("reason_errors"),
                        "reopen_target": kwargs.get("reopen_target")})
        return context

    def post(self, request, pk, entry_id):
        score = get_object_or_404(Score.objects.select_related("assignment__round"),
                                  pk=request.POST.get("score"), assignment__round_id=pk,
                                  assignment__entry_id=entry_id)
        try:
            reopen_score(score=score, user=request.user, reason=request.POST.get("reason"))
        except ValidationError as error:
            response = self.render_to_response(self.get_context_data(
                reason_errors=error_messages(error), reopen_target=score.pk))
            response.status_code = 400
            return response
        messages.success(request, _("The score is reopened; the judge can change it."))
        return redirect(request.path)
