"""Secretariat screens of the objection period (masa sanggah), under /admin/masa-sanggah/
(URLs in admin_views/urls.py): the objection periods (announce a provisional list, publish
the final one when the window allows), the objections listing filtered by status and
round, and one objection with its decision form. Views are thin: each action is one
service.
"""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from judging.models import (
    EntryDecisionAction,
    Objection,
    ObjectionDecision,
    ObjectionStatus,
    ObjectionWindow,
    Rescore,
    RescoreStatus,
    Round,
    RoundResult,
    RoundStatus,
)
from judging.models.objections import OPEN_STATUSES
from judging.services.decisions import apply_rescore, decide_entry, rescore_progress
from judging.services.limits import LONG_TEXT_MAX
from judging.services.objections import (
    announce_provisional,
    decide_objection,
    window_of,
)
from judging.services.results import CutoffTieError, publish_result

from .base import JudgingAdminView, SecretariatRequiredMixin, error_messages
from .rounds import entry_labels

PAGE_SIZE = 50


def periods_url():
    return reverse("judging_admin:objection_periods")


def listing_url():
    return reverse("judging_admin:objection_list")


class PeriodsView(SecretariatRequiredMixin, JudgingAdminView):
    """Finalised tier results not yet published, and results with a window."""

    template_name = "judging/admin/objection_periods.html"
    page_title = gettext_lazy("Objection periods")
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Each round's current snapshot; the window and the objections belong to the
        # round's first snapshot (the provisional list), so they are read per round.
        announced = ObjectionWindow.objects.values("result__round_id")
        results = list(
            RoundResult.objects.current().exclude(round__tier="")
            .filter(Q(published=False, round__status=RoundStatus.FINALISED)
                    | Q(round_id__in=announced))
            .select_related("round__competition")
            .order_by("-round__competition__year", "round__order"))
        round_ids = [result.round_id for result in results]
        windows = {window.result.round_id: window for window in
                   ObjectionWindow.objects.filter(result__round_id__in=round_ids)
                   .select_related("result")}
        counts = {row["result__round_id"]: row for row in
                  Objection.objects.filter(result__round_id__in=round_ids)
                  .values("result__round_id")
                  .annotate(n=Count("pk"), n_open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
                            n_awaiting=Count("pk", filter=Q(status=ObjectionStatus.UPHELD,
                                                            decision__isnull=True)))}
        rescoring = dict(Rescore.objects.filter(round_id__in=round_ids,
                                                status=RescoreStatus.PENDING)
                         .values("round_id").annotate(n=Count("pk"))
                         .values_list("round_id", "n"))
        now = timezone.now()
        for result in results:
            result.window = windows.get(result.round_id)
            result.announce_pk = result.window.result_id if result.window else result.pk
            result.window_open = bool(result.window and result.window.is_open(now))
            count = counts.get(result.round_id, {})
            result.n_objections = count.get("n", 0)
            result.n_open = count.get("n_open", 0)
            # Blockers from the counts above, not a query per row.
            blockers = []
            if result.window and not result.window.has_closed(now):
                blockers.append(_("The objection period is still open."))
            if result.n_open:
                blockers.append(_("%(count)s objection(s) are not decided yet.")
                                % {"count": result.n_open})
            if count.get("n_awaiting"):
                blockers.append(_("%(count)s upheld objection(s) still need a decision on "
                                  "the entry (remove, score again, reinstate or keep).")
                                % {"count": count["n_awaiting"]})
            if rescoring.get(result.round_id):
                blockers.append(_("%(count)s entry(ies) are being scored again; apply the "
                                  "re-score first.") % {"count": rescoring[result.round_id]})
            result.blockers = blockers
        context["results"] = results
        return context


class WindowForm(forms.Form):
    opens_at = forms.DateTimeField(
        label=gettext_lazy("Objections open"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    closes_at = forms.DateTimeField(
        label=gettext_lazy("Objections close"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=gettext_lazy("KIPP usually allows about 5 days."))


class AnnounceView(SecretariatRequiredMixin, JudgingAdminView):
    template_name = "judging/admin/objection_announce.html"
    header_icon = "warning"

    def get_result(self):
        if not hasattr(self, "_result"):
            self._result = get_object_or_404(
                RoundResult.objects.select_related("round__competition"), pk=self.kwargs["pk"])
        return self._result

    def get_page_title(self):
        return _("Announce the provisional list: %(round)s") % {"round": self.get_result().round}

    def get_crumbs(self):
        return [(_("Objection periods"), periods_url())]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result = self.get_result()
        window = window_of(result)
        if "form" not in kwargs:
            now = timezone.localtime().replace(second=0, microsecond=0)
            initial = ({"opens_at": timezone.localtime(window.opens_at),
                        "closes_at": timezone.localtime(window.closes_at)} if window else
                       {"opens_at": now, "closes_at": now + datetime.timedelta(days=5)})
            context["form"] = WindowForm(initial=initial)
        context.update({"result": result, "window": window,
                        "selected": result.rows.filter(selected=True).count()})
        return context

    def post(self, request, pk):
        form = WindowForm(request.POST)
        if form.is_valid():
            try:
                announce_provisional(result=self.get_result(), user=request.user,
                                     opens_at=form.cleaned_data["opens_at"],
                                     closes_at=form.cleaned_data["closes_at"])
            except ValidationError as error:
                for message in error_messages(error):
                    form.add_error(None, message)
            else:
                messages.success(request, _("The provisional list is public with its "
                                            "objection period."))
                return redirect(periods_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PublishFinalView(SecretariatRequiredMixin, View):
    def post(self, request, pk):
        result = get_object_or_404(RoundResult.objects.select_related("round"), pk=pk)
        try:
            publish_result(result=result, user=request.user)
        except ValidationError as error:
            for message in error_messages(error):
                messages.error(request, message)
        else:
            messages.success(request, _("The final list is published."))
        return redirect(periods_url())


class ObjectionListView(SecretariatRequiredMixin, JudgingAdminView):
    template_name = "judging/admin/objection_list.html"
    page_title = gettext_lazy("Objections")
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        objections = (Objection.objects.select_related(
            "result__round__competition", "entry__innovation__agency", "decided_by")
            .order_by("-created_at", "-pk"))
        status = self.request.GET.get("status", "")
        if status in ObjectionStatus.values:
            objections = objections.filter(status=status)
        round_id = self.request.GET.get("round", "")
        if round_id.isdigit():
            objections = objections.filter(result__round_id=int(round_id))
        page = Paginator(objections, PAGE_SIZE).get_page(self.request.GET.get("p"))
        rounds = (Round.objects.filter(results__objection_window__isnull=False)
                  .select_related("competition").order_by("-competition__year", "order"))
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update({"page": page, "objections": page.object_list,
                        "statuses": ObjectionStatus.choices, "rounds": rounds,
                        "status": status, "round_id": round_id,
                        "query": query.urlencode()})
        return context


class DecisionForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Decision"), choices=[
        (ObjectionStatus.UNDER_REVIEW, ObjectionStatus.UNDER_REVIEW.label),
        (ObjectionStatus.UPHELD, ObjectionStatus.UPHELD.label),
        (ObjectionStatus.REJECTED, ObjectionStatus.REJECTED.label)],
        widget=forms.RadioSelect)
    note = forms.CharField(
        label=gettext_lazy("Outcome sent to the objector"), required=False,
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Required for upheld or rejected; e-mailed to the objector."))


class ObjectionDetailView(SecretariatRequiredMixin, JudgingAdminView):
    template_name = "judging/admin/objection_detail.html"
    header_icon = "warning"

    def get_objection(self):
        if not hasattr(self, "_objection"):
            self._objection = get_object_or_404(
                Objection.objects.select_related(
                    "result__round__competition", "entry__innovation__agency", "decided_by"),
                pk=self.kwargs["pk"])
        return self._objection

    def get_page_title(self):
        return _("Objection %(id)s") % {"id": self.get_objection().pk}

    def get_crumbs(self):
        return [(_("Objections"), listing_url())]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        objection = self.get_objection()
        context.setdefault("form", DecisionForm(initial={"status": objection.status}))
        entry_decision = ObjectionDecision.objects.filter(objection=objection).select_related(
            "result", "decided_by").first()
        if objection.status == ObjectionStatus.UPHELD and entry_decision is None:
            context.setdefault("entry_form", EntryDecisionForm())
        rescore = (Rescore.objects.filter(decision__objection=objection)
                   .select_related("result").first())
        if rescore is not None:
            rescore.submitted, rescore.assigned = rescore_progress(rescore)
            if rescore.status == RescoreStatus.PENDING:
                context.setdefault("rescore_form", ApplyRescoreForm())
        context["rescore"] = rescore
        context.update({"objection": objection, "entry_decision": entry_decision,
                        "decided": objection.status in (ObjectionStatus.UPHELD,
                                                        ObjectionStatus.REJECTED)})
        return context

    def post(self, request, pk):
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                decide_objection(objection=self.get_objection(), user=request.user,
                                 status=form.cleaned_data["status"],
                                 note=form.cleaned_data["note"])
            except ValidationError as error:
                for message in error_messages(error):
                    form.add_error(None, message)
            else:
                messages.success(request, _("The decision is recorded."))
                return redirect(reverse("judging_admin:objection_detail", args=[pk]))
        return self.render_to_response(self.get_context_data(form=form), status=400)



class EntryDecisionForm(forms.Form):
    action = forms.ChoiceField(label=gettext_lazy("Decision on the entry"),
                               choices=EntryDecisionAction.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=gettext_lazy("Reasons"), max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Recorded with the decision and in the audit log. Removing "
                               "or reinstating the entry makes a new result that replaces "
                               "the current one (also after the final list is published); "
                               "scoring it again sets its scores aside and assigns panel "
                               "judges anew."))


class EntryDecisionView(ObjectionDetailView):
    """The decision on the entry of an upheld objection: remove it from the tier or keep
    it (judging.services.decisions.decide_entry). Shown on the objection's page."""

    def post(self, request, pk):
        form = EntryDecisionForm(request.POST)
        if form.is_valid():
            try:
                decision = decide_entry(objection=self.get_objection(), user=request.user,
                                        action=form.cleaned_data["action"],
                                        note=form.cleaned_data["note"])
            except ValidationError as error:
                for message in error_messages(error):
                    form.add_error(None, message)
            else:
                if decision.action == EntryDecisionAction.RESCORE:
                    messages.success(request, _("The entry's scores are set aside; panel "
                                                "judges score it again."))
                elif decision.result_id:
                    messages.success(request, _("The decision is recorded; a new result "
                                                "replaces the current one."))
                else:
                    messages.success(request, _("The decision on the entry is recorded."))
                return redirect(reverse("judging_admin:objection_detail", args=[pk]))
        return self.render_to_response(self.get_context_data(entry_form=form), status=400)


class ApplyRescoreForm(forms.Form):
    accept_unmet_minimums = forms.BooleanField(
        label=gettext_lazy("The panel accepts unmet quota minimums"), required=False)
    panel_note = forms.CharField(
        label=gettext_lazy("Panel note"), required=False, max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Needed only when a quota minimum cannot be met."))


class ApplyRescoreView(ObjectionDetailView):
    """Apply the re-score of this objection's entry (judging.services.decisions)."""

    def post(self, request, pk):
        form = ApplyRescoreForm(request.POST)
        rescore = get_object_or_404(Rescore, decision__objection_id=pk)
        decisions = {int(key.removeprefix("panel-")): value == "1"
                     for key, value in request.POST.items()
                     if key.startswith("panel-") and key[6:].isdigit() and value in ("1", "0")}
        tie = None
        if form.is_valid():
            try:
                apply_rescore(rescore=rescore, user=request.user,
                              panel_note=form.cleaned_data["panel_note"],
                              accept_unmet_minimums=form.cleaned_data["accept_unmet_minimums"],
                              panel_decisions=decisions)
            except CutoffTieError as error:
                # The panel settles the new tie on this form, as when finalising.
                labels = entry_labels(error.entry_ids)
                tie = [{"entry_id": e, "chosen": decisions.get(e), **labels.get(e, {})}
                       for e in error.entry_ids]
                form.add_error(None, _("After the re-score, entries %(ids)s are tied across "
                                       "the cut-off line for %(seats)s seat(s): record the "
                                       "panel's choice for each of them and apply again.")
                               % {"ids": ", ".join(str(e) for e in error.entry_ids),
                                  "seats": error.seats})
            except ValidationError as error:
                for message in error_messages(error):
                    form.add_error(None, message)
            else:
                messages.success(request, _("The re-score is applied; a new result replaces "
                                            "the current one."))
                return redirect(reverse("judging_admin:objection_detail", args=[pk]))
        return self.render_to_response(self.get_context_data(rescore_form=form, rescore_tie=tie),
                                       status=400)
