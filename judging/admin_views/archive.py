"""Secretariat: import past results (an archive CSV) through judging.services.archive.

The first submit is a dry run: it shows every bad row with its line, or what would be
created and matched, and writes nothing. The file's text stays in the form (editable, so
one bad row can be fixed in place) and the "Import" button imports exactly that text, as a
background job (judging.services.jobs): when the worker has already finished it (or the
tests' immediate backend ran it), its report is shown here; otherwise the job's page
follows its progress."""

import io

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from judging.models import JobKind, JobStatus
from judging.services.archive import COLUMNS, ImportReport, import_results
from judging.services.jobs import start_job
from judging.services.permissions import is_secretariat

from .jobs import job_url

MAX_UPLOAD = 1024 * 1024  # a decade of lists (about 1,100 rows) is well under 200 kB


class ArchiveImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"), required=False,
        help_text=_("UTF-8, with a header naming at least year, tier, innovation and agency"),
    )
    content = forms.CharField(
        label=_("Content of the file"), required=False, widget=forms.Textarea(attrs={"rows": 12}),
        max_length=MAX_UPLOAD,
        help_text=_("What will be imported. You may correct a row here and check again."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Choose a .csv file."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from error

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("file") or cleaned.get("content") or ""
        if not self.errors and not text.strip():
            raise forms.ValidationError(_("Choose a CSV file."))
        cleaned["text"] = text.replace("\r\n", "\n")
        return cleaned


def archive_import_view(request):
    """Secretariat and superusers only (the admin already requires admin access)."""
    if not is_secretariat(request.user):
        raise PermissionDenied
    report = None
    form = ArchiveImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        confirm = request.POST.get("action") == "import" and not request.FILES
        if confirm:
            job, _created = start_job(kind=JobKind.ARCHIVE_IMPORT, user=request.user,
                                      params={"text": text})
            if job.active:
                return redirect(job_url(job))
            report = report_from_job(job)
        else:
            report = import_results(file=io.StringIO(text), user=request.user, dry_run=True)
        # Keep the text in the form so the next submit checks or imports the same rows.
        form = ArchiveImportForm(initial={"content": text})
    return render(request, "judging/admin/archive_import.html", {
        "form": form, "report": report, "columns": ", ".join(COLUMNS),
        "action_url": reverse("judging_admin:archive_import"),
        "merge_url": reverse("judging_admin:agency_merge"),
    })


def report_from_job(job):
    """The import report of a finished archive job (its summary, or its error)."""
    summary = job.summary or {}
    errors = [(line, message) for line, message in summary.get("errors", [])]
    if job.status == JobStatus.FAILED and not errors:
        errors = [(0, job.error)]
    return ImportReport(rows=summary.get("rows", 0), created=summary.get("created", {}),
                        errors=errors, dry_run=False)
