"""Pass/fail decisions for rounds without scores (administrative screening, field
verification): a checklist per entry, reasons required when it fails."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models.fields.json import KeyTextTransform
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from judging.models import Entry, RoundKind, ScreeningDecision
from judging.services import record_screening, round_entries

from .base import JudgingAdminView, RoundMixin, error_messages

PAGE_SIZE = 50

# The screening rules in domain.md; field verification uses its own short list.
CHECKLISTS = {
    RoundKind.SCREENING: [
        ("age", gettext_lazy("Implemented for at least the minimum number of years")),
        ("complete", gettext_lazy("Form complete and filled in carefully")),
        ("unique_title", gettext_lazy("Title entered only once")),
        ("within_limit", gettext_lazy("Within the agency's entry limit for the group")),
    ],
    RoundKind.FIELD_VERIFICATION: [
        ("running", gettext_lazy("The innovation runs as described")),
        ("evidence", gettext_lazy("Evidence of results checked on site")),
        ("beneficiaries", gettext_lazy("Beneficiaries confirm the benefits")),
    ],
}


def checklist_for(round):
    return CHECKLISTS.get(round.kind, CHECKLISTS[RoundKind.FIELD_VERIFICATION])


class ScreeningView(RoundMixin, JudgingAdminView):
    template_name = "judging/admin/screening.html"

    def get_page_title(self):
        return _("Decisions: %(round)s") % {"round": self.get_round()}

    def get_crumbs(self):
        return [(_("Judging rounds"), reverse("judging_admin:rounds")),
                (str(self.get_round()), self.dashboard_url())]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round = self.get_round()
        frozen_title = KeyTextTransform("title", "revision__content")
        entries = (round_entries(round).annotate(frozen_title=frozen_title)
                   .values("pk", "frozen_title", "innovation__title", "innovation__agency__name",
                           "innovation__started_on").order_by("pk"))
        page = Paginator(entries, PAGE_SIZE).get_page(self.request.GET.get("p"))
        decisions = {d.entry_id: d for d in ScreeningDecision.objects.filter(
            round=round, entry_id__in=[row["pk"] for row in page])}
        checklist = checklist_for(round)
        posted = kwargs.get("posted")
        rows = []
        for row in page:
            decision = decisions.get(row["pk"])
            item = {"entry_id": row["pk"],
                    "title": row["frozen_title"] or row["innovation__title"],
                    "agency": row["innovation__agency__name"], "decision": decision,
                    "errors": [], "reasons": decision.reasons if decision else "",
                    "checks": [(key, label, bool(decision and decision.checklist.get(key)))
                               for key, label in checklist]}
            if posted and posted["entry_id"] == row["pk"]:
                item.update(errors=posted["errors"], reasons=posted["reasons"],
                            checks=[(k, label, k in posted["ticked"]) for k, label in checklist])
            rows.append(item)
        decided = ScreeningDecision.objects.filter(round=round).count()
        context.update({"round": round, "rows": rows, "page": page, "decided": decided,
                        "total": page.paginator.count})
        return context


class ScreeningDecisionView(RoundMixin, View):
    def post(self, request, pk, entry_id):
        round = self.get_round()
        entry = get_object_or_404(Entry, pk=entry_id)
        keys = [key for key, _label in checklist_for(round)]
        ticked = {key for key in keys if request.POST.get(f"check-{key}") == "1"}
        passed = request.POST.get("passed") == "1"
        reasons = request.POST.get("reasons", "")
        try:
            record_screening(round=round, entry=entry, user=request.user, passed=passed,
                             reasons=reasons, checklist={key: key in ticked for key in keys})
        except ValidationError as error:
            view = ScreeningView(request=request, kwargs={"pk": round.pk})
            view._round = round
            response = view.render_to_response(view.get_context_data(posted={
                "entry_id": entry.pk, "errors": error_messages(error), "reasons": reasons,
                "ticked": ticked}))
            response.status_code = 400
            return response
        messages.success(request, _("Decision recorded for entry %(id)s.") % {"id": entry.pk})
        page = request.POST.get("p")
        url = reverse("judging_admin:screening", args=[round.pk])
        return redirect(f"{url}?p={page}" if page else url)
