"""Secretariat: merge two spellings of one government (judging.services.agencies)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovations.models import Agency
from judging.services.agencies import merge_agencies, merge_counts
from judging.services.permissions import is_secretariat


class AgencyMergeForm(forms.Form):
    keep = forms.ModelChoiceField(queryset=Agency.objects.order_by("name"),
                                  label=gettext_lazy("Keep this agency"))
    remove = forms.ModelChoiceField(
        queryset=Agency.objects.order_by("name"), label=gettext_lazy("Merge this agency into it"),
        help_text=gettext_lazy("Its innovations, awards, units, members, judges and aliases "
                               "move to the agency kept; then it is deleted."))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("keep") and cleaned.get("keep") == cleaned.get("remove"):
            raise ValidationError(_("Choose two different agencies."))
        return cleaned


def agency_merge_view(request):
    if not is_secretariat(request.user):
        raise PermissionDenied
    form = AgencyMergeForm(request.POST or None, initial={
        "keep": request.GET.get("keep"), "remove": request.GET.get("remove")})
    counts = None
    if request.method == "POST" and form.is_valid():
        keep, remove = form.cleaned_data["keep"], form.cleaned_data["remove"]
        if request.POST.get("confirm") == "1":
            report = merge_agencies(keep=keep, remove=remove, user=request.user)
            messages.success(request, _(
                "“%(removed)s” was merged into “%(kept)s”: %(n)d innovations moved.") % {
                "removed": remove.name, "kept": keep.name, "n": report.innovations})
            return redirect(reverse("judging_admin:agency_merge"))
        counts = merge_counts(remove)
    return render(request, "judging/admin/agency_merge.html", {
        "form": form, "counts": counts, "action_url": reverse("judging_admin:agency_merge")})
