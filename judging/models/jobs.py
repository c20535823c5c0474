"""Background jobs: heavy secretariat work (finalising, exports, archive imports) run by
the task worker, with its progress, its error and its result file.

A job is data; judging/services/jobs.py starts and runs it. At most one job of a kind
for one target is queued or running at a time (``key`` is unique among active jobs), so
a second click returns the running job instead of starting another.
"""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .rounds import Round


def private_storage():
    """Result files are never public: only the permission-checked view serves them."""
    return storages["private"]


class JobKind(models.TextChoices):
    FINALISE = "finalise", _("Finalise the round")
    RAW_SCORES = "raw_scores", _("Raw scores (CSV)")
    RESULTS_CSV = "results_csv", _("Results (CSV)")
    RESULTS_XLSX = "results_xlsx", _("Results (XLSX)")
    ARCHIVE_IMPORT = "archive_import", _("Import past results")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)


class BackgroundJob(models.Model):
    kind = models.CharField(_("kind"), max_length=30, choices=JobKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=JobStatus.choices,
                              default=JobStatus.QUEUED, db_index=True)
    # What the job works on, for idempotence: e.g. "raw_scores:round=5".
    key = models.CharField(_("key"), max_length=200)
    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE,
                              null=True, blank=True, related_name="jobs")
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    result_file = models.FileField(_("result file"), storage=private_storage,
                                   upload_to="jobs/%Y/%m/", max_length=300, blank=True)
    result_name = models.CharField(_("file name"), max_length=200, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("started by"),
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=models.Q(status__in=["queued",
                                                                                  "running"]),
                                    name="backgroundjob_one_active_per_key"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def active(self):
        return self.status in ACTIVE_STATUSES

    @property
    def percent(self):
        if self.status == JobStatus.DONE:
            return 100
        return round(100 * self.done / self.total) if self.total else 0
