"""Judges: declare a conflict of interest (an agency, a province or an assigned entry)
and see the conflicts on record.

declare_conflict does the work (it also withdraws the judge from the affected active
assignments and re-assigns those entries). The entry list only offers the judge's own
assigned entries, labelled as on "My assignments": number and title, redacted in blind
rounds, never the agency.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovations.models import Agency, Province
from judging.models import ConflictOfInterest, Entry, JudgeProfile
from judging.services import declare_conflict
from judging.services.limits import LONG_TEXT_MAX

from .base import JudgeRequiredMixin, JudgingAdminView
from .queries import assignment_rows, group_by_round


def entry_choices(user):
    """(entry id, "#id · title") for the judge's assigned entries, titles redacted as on
    the assignment list (one query)."""
    choices, seen = [], set()
    for group in group_by_round(assignment_rows(user)):
        for row in group["rows"]:
            if row["entry_id"] not in seen:
                seen.add(row["entry_id"])
                choices.append((row["entry_id"], f"#{row['entry_id']} · {row['title']}"))
    return sorted(choices)


class ConflictForm(forms.Form):
    """Only parses the choices; declare_conflict checks the rules (reason, a target)."""

    agency = forms.ModelChoiceField(
        queryset=Agency.objects.order_by("name"), required=False, empty_label="—",
        label=gettext_lazy("Agency"))
    province = forms.ModelChoiceField(
        queryset=Province.objects.order_by("name"), required=False, empty_label="—",
        label=gettext_lazy("Province"))
    entry = forms.TypedChoiceField(coerce=int, required=False, empty_value=None,
                                   label=gettext_lazy("One of my assigned entries"))
    reason = forms.CharField(required=False, max_length=LONG_TEXT_MAX,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             label=gettext_lazy("Reason"))

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", "—"), *entries]
        for name in ("agency", "province", "entry"):
            self.fields[name].widget.attrs["aria-describedby"] = "target-help"


class DeclareConflictView(JudgeRequiredMixin, JudgingAdminView):
    template_name = "judging/admin/conflicts.html"
    page_title = gettext_lazy("Declare a conflict of interest")

    def get_crumbs(self):
        return [(_("My assignments"), reverse("judging_admin:my_assignments"))]

    def get_form(self, data=None):
        return ConflictForm(data, entries=entry_choices(self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update({
            "form": kwargs.get("form") or self.get_form(),
            "conflicts": ConflictOfInterest.objects.filter(judge=user)
            .select_related("agency", "province").order_by("-created_at", "-pk"),
            "profile": JudgeProfile.objects.filter(user=user)
            .select_related("agency", "province").first(),
        })
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            entry = Entry.objects.filter(pk=data["entry"]).first() if data["entry"] else None
            try:
                declare_conflict(judge=request.user, user=request.user, reason=data["reason"],
                                 agency=data["agency"], province=data["province"], entry=entry)
            except ValidationError as error:
                # Field errors ("reason") land on their field, the rest on the form.
                form.add_error(None, error)
            else:
                messages.success(request, _(
                    "Your conflict of interest is recorded. You were withdrawn from the "
                    "affected entries still being judged; they will be re-assigned."))
                return redirect("judging_admin:declare_conflict")
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 400
        return response
