"""Judges' screens: my assignments, the scoring page and recusal.

A judge only ever reaches their own active assignments (anything else is a 404, so
the URL does not even confirm that an entry exists). In a blind round nothing that
identifies the agency or unit leaves the server: titles are redacted and files are
served under neutral names (see proposal.py) and, for judges, without their metadata
(EXIF/XMP, PDF /Author). Other judges' scores are never shown.
"""

import mimetypes
import os

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.ui.components import Component

from judging.models import Assignment, AssignmentStatus, RescoreStatus, RoundStatus, ScoreStatus
from judging.services import blind, blind_files
from judging.services.assignments import recuse
from judging.services.permissions import is_secretariat
from judging.services.scores import save_scores

from .base import JudgeRequiredMixin, JudgingAdminView, error_messages
from .proposal import (
    build_proposal,
    frozen_title,
    proposal_document,
    proposal_image,
)
from .queries import STATUS_ORDER, assignment_rows, group_by_round


class MyAssignmentsView(JudgeRequiredMixin, JudgingAdminView):
    template_name = "judging/admin/my_assignments.html"
    page_title = gettext_lazy("My assignments")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rounds"] = group_by_round(assignment_rows(self.request.user))
        return context


def own_assignment(request, pk):
    """The requesting judge's active assignment, or 404 (also for recused ones)."""
    queryset = Assignment.objects.select_related(
        "round__competition", "round__rubric", "entry__revision",
        "entry__innovation__agency__province", "entry__innovation__unit", "score", "rescore",
    )
    return get_object_or_404(queryset, pk=pk, judge=request.user,
                             status=AssignmentStatus.ACTIVE)


def plain(number):
    """8.00 → "8", 7.50 → "7.5" (no exponent, unlike Decimal.normalize)."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def criterion_rows(*, criteria, score, posted=None, errors=None):
    """One dict per criterion for the form: what was typed (or stored) and its errors."""
    stored = {}
    if score is not None:
        stored = {v.criterion_id: v for v in score.values.all()}
    errors = errors or {}
    weight_sum = sum(float(c.weight) for c in criteria)
    rows = []
    for criterion in criteria:
        value = stored.get(criterion.pk)
        if posted is not None:
            typed = posted.get(f"value-{criterion.key}", "")
            comment = posted.get(f"comment-{criterion.key}", "")
        else:
            typed = "" if value is None or value.value is None else plain(value.value)
            comment = value.comment if value else ""
        rows.append({"criterion": criterion, "value": typed, "comment": comment,
                     "errors": errors.get(criterion.key, []),
                     "descriptors": criterion.descriptors or [],
                     # A 0 % criterion cannot change the total: no score is asked for it
                     # (only its comment, when the rubric requires one).
                     "scored": criterion.weight > 0,
                     "points": points(criterion, value.value, weight_sum)
                     if posted is None and value is not None and value.value is not None
                     and criterion.weight > 0 else None})
    return rows


def points(criterion, value, weight_sum):
    """What one stored score adds to the 0-100 total (judging.maths.scoring.rubric_total):
    100 × weight × (score − lowest) ÷ (highest − lowest) ÷ the sum of the weights."""
    span = float(criterion.max_value) - float(criterion.min_value)
    if not weight_sum or not span:
        return None
    return (100 * float(criterion.weight) * (float(value) - float(criterion.min_value))
            / span / weight_sum)


def next_open_assignment(user, *, after):
    """The judge's next assignment still to score (drafts first, as listed), or None."""
    rows = [row for row in assignment_rows(user)
            if row["pk"] != after.pk and row["score__status"] != ScoreStatus.SUBMITTED]
    rows.sort(key=lambda r: (STATUS_ORDER[r["score__status"]], r["entry_id"]))
    return rows[0]["pk"] if rows else None


class ScoreEntryView(JudgeRequiredMixin, JudgingAdminView):
    template_name = "judging/admin/score_entry.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.assignment = None

    def get_assignment(self):
        if self.assignment is None:
            self.assignment = own_assignment(self.request, self.kwargs["pk"])
        return self.assignment

    def get_page_title(self):
        assignment = self.get_assignment()
        return _("Entry %(id)s: %(title)s") % {
            "id": assignment.entry_id,
            "title": frozen_title(assignment.entry, blind=assignment.round.blind)}

    def get_crumbs(self):
        return [(_("My assignments"), reverse("judging_admin:my_assignments"))]

    def get_context_data(self, posted=None, errors=None, **kwargs):
        context = super().get_context_data(**kwargs)
        assignment = self.get_assignment()
        round = assignment.round
        score = getattr(assignment, "score", None)
        criteria = list(round.rubric.criteria.all()) if round.rubric_id else []
        rescoring = (assignment.rescore_id is not None
                     and assignment.rescore.status == RescoreStatus.PENDING)
        locked = (score is not None and score.status == ScoreStatus.SUBMITTED) \
            or (round.status != RoundStatus.OPEN and not rescoring)
        context.update({
            "assignment": assignment, "round": round, "score": score, "locked": locked,
            "proposal": build_proposal(assignment.entry, blind=round.blind),
            "rows": criterion_rows(criteria=criteria, score=score, posted=posted,
                                   errors=errors),
            "weight_total": sum(c.weight for c in criteria),
            "unscored": [c for c in criteria if c.weight <= 0 and not c.comment_required],
        })
        if score is not None and score.status == ScoreStatus.SUBMITTED:
            following = next_open_assignment(self.request.user, after=assignment)
            context["next_url"] = (
                reverse("judging_admin:score_entry", args=[following]) if following
                else None)
        return context

    def post(self, request, *args, **kwargs):
        assignment = self.get_assignment()
        criteria = list(assignment.round.rubric.criteria.all()) if assignment.round.rubric_id \
            else []
        values = {c.key: (request.POST.get(f"value-{c.key}", "") if c.weight > 0 else "",
                          request.POST.get(f"comment-{c.key}", "")) for c in criteria}
        submit = "submit" in request.POST
        try:
            save_scores(assignment=assignment, user=request.user, values=values, submit=submit)
        except ValidationError as error:
            self.assignment = None  # reload: a draft may have been saved meanwhile
            if hasattr(error, "error_dict"):
                errors = {key: [m for e in errs for m in e.messages]
                          for key, errs in error.error_dict.items()}
                if submit:
                    messages.error(request, _(
                        "Not submitted: check the marked criteria. Every valid score is "
                        "kept as a draft, and nothing you typed was lost."))
                else:
                    messages.warning(request, _(
                        "Draft saved with every valid score. The marked criteria were not "
                        "saved: correct them and save again."))
            else:
                errors = {}
                for message in error_messages(error):
                    messages.error(request, message)
            response = self.render_to_response(
                self.get_context_data(posted=request.POST, errors=errors))
            response.status_code = 400
            return response
        if submit:
            messages.success(request, _("Score submitted. It is now locked."))
        else:
            messages.success(request, _("Draft saved."))
        return redirect("judging_admin:score_entry", pk=assignment.pk)


class RecuseView(JudgeRequiredMixin, View):
    def post(self, request, pk):
        assignment = own_assignment(request, pk)
        try:
            recuse(assignment=assignment, user=request.user, reason=request.POST.get("reason"))
        except (ValidationError, PermissionDenied) as error:
            for message in error_messages(error) if isinstance(error, ValidationError) \
                    else [str(error)]:
                messages.error(request, message)
            return redirect("judging_admin:score_entry", pk=pk)
        messages.success(request, _("You withdrew from this entry; it will be re-assigned."))
        return redirect("judging_admin:my_assignments")


def readable_assignment(request, pk):
    """For files: the judge's own active assignment, or any one for the secretariat."""
    if is_secretariat(request.user):
        return get_object_or_404(Assignment.objects.select_related(
            "round", "entry__revision"), pk=pk)
    return own_assignment(request, pk)


def sanitised_for(request, assignment):
    """True when the file goes to a judge of a blind round: metadata stripped. The
    secretariat (which may open any assignment's files) gets the original."""
    return assignment.round.blind and not is_secretariat(request.user)


def unreadable_file(request, assignment):
    """A blind round's file whose metadata could not be removed is not served at all."""
    messages.error(request, _("This file could not be prepared for blind review, so it is "
                              "not shown. Tell the secretariat which file it is."))
    return redirect("judging_admin:score_entry", pk=assignment.pk)


class ProposalImageView(JudgeRequiredMixin, View):
    """An image of the submitted proposal, under a neutral URL (no file name); for a
    judge of a blind round, its copy without EXIF/XMP (judging/services/blind_files.py:
    made once, by the task queued when judges were assigned or by the first download)."""

    def get(self, request, pk, number):
        assignment = readable_assignment(request, pk)
        image = proposal_image(assignment.entry, number)
        if image is None:
            raise Http404
        if sanitised_for(request, assignment):
            try:
                name = blind_files.image_copy(image)
            except blind.UnreadableFile:
                return unreadable_file(request, assignment)
            handle = default_storage.open(name, "rb")
        else:
            rendition = image.get_rendition(blind_files.SCORE_SHEET_IMAGE)
            name, handle = rendition.file.name, rendition.file.open("rb")
        extension = os.path.splitext(name)[1]
        response = FileResponse(handle, content_type=mimetypes.guess_type(f"x{extension}")[0])
        response["Content-Disposition"] = f'inline; filename="gambar-{number}{extension}"'
        response["Cache-Control"] = "private, max-age=3600"
        return response


class ProposalDocumentView(JudgeRequiredMixin, View):
    """A document of the submitted proposal; in a blind round named "dokumen-<n>.pdf"
    and, for judges, rewritten without its metadata (/Author, /Creator, XMP)."""

    def get(self, request, pk, number):
        assignment = readable_assignment(request, pk)
        document = proposal_document(assignment.entry, number)
        if document is None:
            raise Http404
        extension = os.path.splitext(document.file.name)[1]
        name = f"dokumen-{number}{extension}" if assignment.round.blind \
            else os.path.basename(document.file.name)
        if sanitised_for(request, assignment):
            try:
                copy = blind_files.document_copy(document)
            except blind.UnreadableFile:
                return unreadable_file(request, assignment)
            response = FileResponse(default_storage.open(copy, "rb"),
                                    content_type="application/pdf", as_attachment=True,
                                    filename=name)
            response["Cache-Control"] = "private"
            return response
        return FileResponse(document.file.open("rb"), as_attachment=True, filename=name)


class JudgingHomePanel(Component):
    """On the admin home page: a judge's progress and the way to their entries."""

    name = "judging"
    order = 50
    template_name = "judging/admin/includes/home_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        counts = Assignment.objects.filter(
            Q(round__status=RoundStatus.OPEN) | Q(rescore__status=RescoreStatus.PENDING),
            judge=self.user, status=AssignmentStatus.ACTIVE,
        ).aggregate(total=Count("pk"),
                    submitted=Count("pk", filter=Q(score__status=ScoreStatus.SUBMITTED)))
        return {**counts, "url": reverse("judging_admin:my_assignments")}
