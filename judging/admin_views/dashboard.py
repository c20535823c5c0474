"""The secretariat's admin home: what each running edition needs next.

One panel on Wagtail's dashboard (``construct_homepage_panels``) with, per edition that
is not finished, the set-up steps (public pages, rubrics, rounds), registration, open
rounds with the judges who have not submitted anything yet, closed rounds waiting to be
finalised, results waiting to be published and objections waiting for a decision.
Every figure comes from a handful of aggregate queries over all editions at once (the
count does not grow with editions, rounds or judges), and each line links to the screen
where the work is done. "Start from the default rubric" is a POST that goes through
``services.create_default_rubrics``.
"""

from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from wagtail.admin.ui.components import Component

from judging.models import (
    Assignment,
    AssignmentStatus,
    Competition,
    CompetitionPage,
    Entry,
    EntryStatus,
    Objection,
    Round,
    RoundResult,
    RoundStatus,
    Rubric,
    ScoreStatus,
)
from judging.models.objections import OPEN_STATUSES
from judging.services import create_default_rubrics

from .base import SecretariatRequiredMixin

SUBMITTED = Q(score__status=ScoreStatus.SUBMITTED)


def running_editions():
    """Editions with work left: no rounds yet, a round not finalised, or a result not
    published. Archive editions (every result published) drop out."""
    unfinished_round = Round.objects.filter(competition=OuterRef("pk")).exclude(
        status=RoundStatus.FINALISED)
    any_round = Round.objects.filter(competition=OuterRef("pk"))
    unpublished = RoundResult.objects.current().filter(round__competition=OuterRef("pk"),
                                                       published=False)
    return list(
        Competition.objects.annotate(
            has_unfinished=Exists(unfinished_round), has_rounds=Exists(any_round),
            has_unpublished=Exists(unpublished),
            has_page=Exists(CompetitionPage.objects.filter(competition=OuterRef("pk"))),
            rubric_count=Count("rubrics", distinct=True),
        )
        .filter(Q(has_unfinished=True) | Q(has_rounds=False) | Q(has_unpublished=True))
        .order_by("-year")
    )


def edition_overview(editions, *, now=None):
    """Per edition (by pk): registration counts, rounds to act on, judges with nothing
    submitted, results to publish and objections to decide."""
    now = now or timezone.now()
    ids = [edition.pk for edition in editions]
    overview = {pk: {"entries": {}, "open_rounds": [], "to_finalise": [], "to_publish": [],
                     "objections": 0, "idle_judges": []} for pk in ids}
    for row in (Entry.objects.filter(competition__in=ids)
                .values("competition_id", "status").annotate(n=Count("pk"))):
        overview[row["competition_id"]]["entries"][row["status"]] = row["n"]
    rounds = (Round.objects.filter(competition__in=ids,
                                   status__in=[RoundStatus.OPEN, RoundStatus.CLOSED])
              .annotate(expected=Count("assignments", filter=Q(
                            assignments__status=AssignmentStatus.ACTIVE)),
                        submitted=Count("assignments", filter=Q(
                            assignments__status=AssignmentStatus.ACTIVE,
                            assignments__score__status=ScoreStatus.SUBMITTED)))
              .order_by("order"))
    for round in rounds:
        key = "open_rounds" if round.status == RoundStatus.OPEN else "to_finalise"
        overview[round.competition_id][key].append(round)
    idle = (Assignment.objects.filter(round__competition__in=ids, round__status=RoundStatus.OPEN,
                                      status=AssignmentStatus.ACTIVE)
            .values("round__competition_id", "judge_id", "judge__first_name",
                    "judge__last_name", "judge__username")
            .annotate(total=Count("pk"), done=Count("pk", filter=SUBMITTED))
            .filter(done=0).order_by("-total", "judge__username"))
    for row in idle:
        name = f"{row['judge__first_name']} {row['judge__last_name']}".strip()
        overview[row["round__competition_id"]]["idle_judges"].append(
            {"name": name or row["judge__username"], "total": row["total"]})
    for result in (RoundResult.objects.current().filter(round__competition__in=ids,
                                                        published=False)
                   .select_related("round").order_by("round__order")):
        overview[result.round.competition_id]["to_publish"].append(result)
    for row in (Objection.objects.filter(result__round__competition__in=ids,
                                         status__in=OPEN_STATUSES)
                .values("result__round__competition_id").annotate(n=Count("pk"))):
        overview[row["result__round__competition_id"]]["objections"] = row["n"]
    for item in overview.values():
        counts = item["entries"]
        item["awaiting_agency"] = counts.get(EntryStatus.SUBMITTED, 0)
        item["forwarded"] = counts.get(EntryStatus.FORWARDED, 0)
        item["total_entries"] = sum(counts.values())
        for round in item["open_rounds"]:
            round.percent = round_percent(round.submitted, round.expected)
    return overview


def round_percent(done, total):
    return round(100 * done / total) if total else 0


class SecretariatHomePanel(Component):
    """On the admin home page of the secretariat: what needs doing, per edition."""

    name = "secretariat"
    order = 40
    template_name = "judging/admin/includes/secretariat_panel.html"

    def get_context_data(self, parent_context):
        now = timezone.now()
        editions = running_editions()
        overview = edition_overview(editions, now=now)
        return {
            "editions": [
                {"competition": edition, "registration_open": (
                    edition.registration_opens_at <= now < edition.submission_deadline),
                 **overview[edition.pk]}
                for edition in editions
            ],
            "request": parent_context.get("request"),
        }


class DefaultRubricsView(SecretariatRequiredMixin, View):
    """POST: give an edition the default desk (2023) and interview rubrics."""

    def post(self, request, pk):
        competition = get_object_or_404(Competition, pk=pk)
        had = Rubric.objects.filter(competition=competition).count()
        rubrics = create_default_rubrics(competition=competition, user=request.user)
        if Rubric.objects.filter(competition=competition).count() > had:
            messages.success(request, _("The default rubrics were added to %(edition)s: "
                                        "%(names)s. Check their weights before scoring "
                                        "starts.") % {
                "edition": competition.name, "names": ", ".join(r.name for r in rubrics)})
        else:
            messages.info(request, _("%(edition)s already has the default rubrics.")
                          % {"edition": competition.name})
        return redirect(reverse("wagtailsnippets_judging_rubric:list")
                        + f"?competition={competition.pk}")
