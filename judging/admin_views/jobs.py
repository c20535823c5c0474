"""Background jobs in the admin (secretariat only): start one for a round, follow its
progress (judging/static/judging/job-progress.js polls the status URL, no inline
script), read its error and download its result file.

Starting goes through judging.services.jobs.start_job (which returns the running job
when the same one is started twice); the file is served here, from private storage,
after the role check, never by a public media URL.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from judging.models import BackgroundJob, JobKind, JobStatus
from judging.services.jobs import ROUND_KINDS, start_job

from .base import JudgingAdminView, RoundMixin, SecretariatRequiredMixin, error_messages

JOB_LIST_SIZE = 50


def job_url(job):
    return reverse("judging_admin:job_detail", args=[job.pk])


class StartRoundJobView(RoundMixin, View):
    """POST: start ``kind`` (finalise, raw_scores, results_csv, results_xlsx) for the
    round, then show the job."""

    def post(self, request, pk, kind):
        if kind not in ROUND_KINDS:
            raise Http404
        round = self.get_round()
        params = {}
        if kind == JobKind.FINALISE:
            params["allow_incomplete"] = request.POST.get("allow_incomplete") == "1"
        elif request.POST.get("gaya") == "data":
            params["style"] = "data"  # the machine-readable CSV (exports.DATA)
        try:
            job, created = start_job(kind=kind, user=request.user, round=round, params=params)
        except ValidationError as error:
            for message in error_messages(error):
                messages.error(request, message)
            return redirect(self.dashboard_url())
        if not created:
            messages.info(request, _("This job is already running; here is its progress."))
        return redirect(job_url(job))


class JobListView(SecretariatRequiredMixin, JudgingAdminView):
    template_name = "judging/admin/job_list.html"
    page_title = gettext_lazy("Background jobs")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["jobs"] = list(BackgroundJob.objects.select_related(
            "round__competition", "created_by").order_by("-created_at", "-pk")[:JOB_LIST_SIZE])
        return context


class JobDetailView(SecretariatRequiredMixin, JudgingAdminView):
    template_name = "judging/admin/job_detail.html"

    def get_job(self):
        if not hasattr(self, "_job"):
            self._job = get_object_or_404(
                BackgroundJob.objects.select_related("round__competition", "created_by"),
                pk=self.kwargs["pk"])
        return self._job

    def get_page_title(self):
        return str(self.get_job())

    def get_crumbs(self):
        return [(_("Background jobs"), reverse("judging_admin:jobs"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.get_job()
        context.update({
            "job": job, "status_url": reverse("judging_admin:job_status", args=[job.pk]),
            "download_url": reverse("judging_admin:job_download", args=[job.pk])
            if job.status == JobStatus.DONE and job.result_file else "",
            "dashboard_url": reverse("judging_admin:round_dashboard", args=[job.round_id])
            if job.round_id else "",
        })
        return context


class JobStatusView(SecretariatRequiredMixin, View):
    """The progress as JSON, for the page's progress bar."""

    def get(self, request, pk):
        job = get_object_or_404(BackgroundJob, pk=pk)
        return JsonResponse({"status": job.status, "label": job.get_status_display(),
                             "done": job.done, "total": job.total, "percent": job.percent,
                             "finished": not job.active})


class JobDownloadView(SecretariatRequiredMixin, View):
    def get(self, request, pk):
        job = get_object_or_404(BackgroundJob, pk=pk, status=JobStatus.DONE)
        if not job.result_file:
            raise Http404
        response = FileResponse(job.result_file.open("rb"), as_attachment=True,
                                filename=job.result_name or job.result_file.name)
        response["Cache-Control"] = "private, no-store"
        return response
