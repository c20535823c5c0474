"""Secretariat: import past results (an archive CSV) through judging.services.archive."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from judging.services.archive import COLUMNS, import_results
from judging.services.permissions import is_secretariat

MAX_UPLOAD = 5 * 1024 * 1024


class ArchiveImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, with a header naming at least year, tier, innovation and agency"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Choose a .csv file."))
        return upload


def archive_import_view(request):
    """Secretariat and superusers only (the admin already requires admin access)."""
    if not is_secretariat(request.user):
        raise PermissionDenied
    report = None
    form = ArchiveImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = import_results(file=form.cleaned_data["file"], user=request.user)
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text."))
    return render(request, "judging/admin/archive_import.html", {
        "form": form, "report": report, "columns": ",".join(COLUMNS),
        "action_url": reverse("judging_admin:archive_import"),
    })

