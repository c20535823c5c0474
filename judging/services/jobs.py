"""Heavy secretariat work off the request path: finalising a round, the raw-score and
result exports and archive imports run as background tasks (django-tasks; the database
backend and ``manage.py db_worker`` outside the tests, the immediate backend in them).

Thin wrappers only: each job calls the one service that does the work
(results.finalise_round, exports.raw_score_csv / result_rows / write_results_xlsx,
archive.import_results), so the rules, the permission check, the transaction and the
audit line stay where they are. This module adds the job record: who started it, its
progress, its error and its result file (private storage, served by a permission-checked
view).

- ``start_job`` (the request): secretariat only; returns the job already queued or
  running for the same work instead of starting a second one (row lock plus a unique
  constraint on the active key); audit line "judging.job_start"; enqueues the task in the
  same transaction (the database backend's task row commits with the job).
- ``run_job`` (the worker): runs a queued job once (a repeated delivery finds it no longer
  queued and does nothing), records progress while it writes, then DONE with the file or
  FAILED with a message in the language of the person who started it, never a 500.
"""

import csv
import hashlib
import io
import logging
import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from judging.models import (
    ACTIVE_STATUSES,
    BackgroundJob,
    JobKind,
    JobStatus,
    ResultRow,
    RoundResult,
)

from . import exports
from .archive import import_results
from .audit import log
from .permissions import require_secretariat
from .results import CutoffTieError, finalise_round

logger = logging.getLogger(__name__)

ROUND_KINDS = (JobKind.FINALISE, JobKind.RAW_SCORES, JobKind.RESULTS_CSV,
               JobKind.RESULTS_XLSX)
# Progress is written every PROGRESS_EVERY rows of an export (one UPDATE each); the
# raw scores after each batch of whole entries of at least RAW_SCORES_BATCH values (one
# COPY statement each on PostgreSQL: 20 at a million values).
PROGRESS_EVERY = 2000
RAW_SCORES_BATCH = 50_000


def job_key(*, kind, round=None, params=None):
    """What makes two jobs "the same work": the kind and its target."""
    if kind == JobKind.ARCHIVE_IMPORT:
        digest = hashlib.sha256((params or {}).get("text", "").encode()).hexdigest()[:32]
        return f"{kind}:{digest}"
    style = (params or {}).get("style")
    return f"{kind}:round={round.pk}" + (f":{style}" if style else "")


def start_job(*, kind, user, round=None, params=None):
    """Queue ``kind`` for ``round`` (or with ``params``); returns (job, created).

    While the same job is queued or running, returns that one with created=False."""
    require_secretariat(user)
    if kind not in JobKind.values:
        raise ValidationError(_("Unknown kind of job."), code="job_kind")
    if kind in ROUND_KINDS and round is None:
        raise ValidationError(_("This job needs a round."), code="job_round")
    params = dict(params or {})
    params.setdefault("language", translation.get_language() or settings.LANGUAGE_CODE)
    key = job_key(kind=kind, round=round, params=params)
    with transaction.atomic():
        running = (BackgroundJob.objects.select_for_update()
                   .filter(key=key, status__in=ACTIVE_STATUSES).first())
        if running is not None:
            return running, False
        try:
            with transaction.atomic():
                job = BackgroundJob.objects.create(kind=kind, key=key, round=round,
                                                   params=params, created_by=user)
        except IntegrityError:
            # Another click created it between our read and our insert.
            return BackgroundJob.objects.get(key=key, status__in=ACTIVE_STATUSES), False
        log(instance=job, action="judging.job_start", user=user,
            data={"kind": kind, "round": round.pk if round else None})
        # The immediate backend runs the job here; the database backend stores a task row
        # that the worker sees once this transaction commits.
        result = run_job_task.enqueue(job_id=job.pk)
        BackgroundJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job, True


@task()
def run_job_task(job_id):
    """The django-tasks entry point (module path stored in the task row)."""
    run_job(job_id=job_id)


def _progress(job, *, done=None, total=None):
    fields = {}
    if done is not None:
        job.done = fields["done"] = done
    if total is not None:
        job.total = fields["total"] = total
    BackgroundJob.objects.filter(pk=job.pk).update(**fields)


def run_job(*, job_id):
    """Run a queued job once; returns the job (None if there is no such job)."""
    with transaction.atomic():
        job = (BackgroundJob.objects.select_for_update(of=("self",))
               .select_related("round", "created_by")
               .filter(pk=job_id).first())
        if job is None or job.status != JobStatus.QUEUED:
            return job
        job.status = JobStatus.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        try:
            RUNNERS[job.kind](job)
        except CutoffTieError as error:
            job.summary = {"tie": list(error.entry_ids), "seats": error.seats}
            _fail(job, " ".join(error.messages))
        except ValidationError as error:
            _fail(job, " ".join(error.messages))
        except PermissionDenied as error:
            _fail(job, str(error) or _("Only the secretariat can do this."))
        except Exception as error:  # the job records it; the worker keeps running
            logger.exception("background job %s (%s) failed", job.pk, job.kind)
            _fail(job, _("The job stopped with an unexpected error (%(error)s). Nothing "
                         "half-done was kept; try again or ask the administrator.")
                  % {"error": type(error).__name__})
        else:
            _finish(job)
    return job


def _finish(job):
    job.status = JobStatus.DONE
    job.finished_at = timezone.now()
    if job.total == 0:
        job.total = 1
    job.done = job.total
    job.save(update_fields=["status", "finished_at", "done", "total", "summary",
                            "result_file", "result_name"])
    log(instance=job, action="judging.job_done", user=job.created_by,
        data={"kind": job.kind, "summary": job.summary})


def _fail(job, message):
    job.status = JobStatus.FAILED
    job.finished_at = timezone.now()
    job.error = message
    job.save(update_fields=["status", "finished_at", "error", "summary"])
    log(instance=job, action="judging.job_failed", user=job.created_by,
        data={"kind": job.kind, "error": message})


# --- runners: one thin wrapper per kind ---------------------------------------------


def _file_name(job, name):
    round = job.round
    return f"{round.competition.slug}-babak-{round.order}-{name}"


def _save_file(job, handle, name):
    handle.seek(0)
    job.result_name = name
    job.result_file.save(name, File(handle), save=False)


def _write_rows(job, rows, name):
    """Stream ``rows`` into a temporary CSV file in the job's style (the committee's by
    default: exports.COMMITTEE), counting progress, then store it."""
    style = exports.STYLES.get(job.params.get("style"), exports.COMMITTEE)
    with tempfile.TemporaryFile(mode="w+b") as handle:
        # utf-8-sig: a byte-order mark first, so Excel reads names with accents right.
        text = io.TextIOWrapper(handle, encoding="utf-8-sig" if style.labelled else "utf-8",
                                newline="")
        writer = csv.writer(text, delimiter=style.delimiter)
        for number, row in enumerate(style.rows(rows)):
            writer.writerow(row)
            # The header is row 0: ``number`` data rows are written after this one.
            if number and number % PROGRESS_EVERY == 0:
                _progress(job, done=number)
        text.flush()
        _save_file(job, text.detach(), name)


def _user(job):
    if job.created_by is None:
        raise PermissionDenied(_("Only the secretariat can do this."))
    return job.created_by


def _run_finalise(job):
    _progress(job, total=1)
    result = finalise_round(round=job.round, user=_user(job),
                            allow_incomplete=bool(job.params.get("allow_incomplete")))
    job.summary = {"result": result.pk, "checksum": result.checksum}


def _round_result(job):
    result = RoundResult.objects.current().filter(round=job.round).first()
    if result is None:
        raise ValidationError(_("This round has no result yet."), code="no_result")
    return result


def _run_raw_scores(job):
    """The raw scores in batches of whole entries (one COPY each on PostgreSQL), the
    progress recorded between them."""
    round, user = job.round, _user(job)
    style = exports.STYLES.get(job.params.get("style"), exports.COMMITTEE)
    batches = exports.raw_score_batches(round=round, user=user, size=RAW_SCORES_BATCH)
    total = sum(batch.values for batch in batches)
    _progress(job, total=total)
    chunks = exports.raw_score_csv(round=round, user=user, style=style, batches=batches,
                                   progress=lambda done: _progress(job, done=done))
    with tempfile.TemporaryFile(mode="w+b") as handle:
        handle.writelines(chunks)
        _save_file(job, handle, _file_name(job, "nilai-mentah.csv"))
    job.summary = {"rows": total}


def _run_results_csv(job):
    result = _round_result(job)
    _progress(job, total=ResultRow.objects.filter(result=result).count())
    _write_rows(job, exports.result_rows(result=result, user=_user(job)),
                _file_name(job, "hasil.csv"))
    job.summary = {"rows": job.total}


def _run_results_xlsx(job):
    result = _round_result(job)
    _progress(job, total=ResultRow.objects.filter(result=result).count())
    with tempfile.TemporaryFile(mode="w+b") as handle:
        exports.write_results_xlsx(result=result, user=_user(job), out=handle)
        _save_file(job, handle, _file_name(job, "hasil.xlsx"))
    job.summary = {"rows": job.total}


def _run_archive_import(job):
    text = job.params.get("text", "")
    _progress(job, total=max(text.count("\n"), 1))
    report = import_results(file=io.StringIO(text), user=_user(job), dry_run=False)
    job.summary = {"rows": report.rows, "created": report.created,
                   "errors": [[line, str(message)] for line, message in report.errors]}
    if not report.ok:
        raise ValidationError(_("Nothing was imported. Fix these rows and check the file "
                                "again."), code="archive_rows")


RUNNERS = {
    JobKind.FINALISE: _run_finalise,
    JobKind.RAW_SCORES: _run_raw_scores,
    JobKind.RESULTS_CSV: _run_results_csv,
    JobKind.RESULTS_XLSX: _run_results_xlsx,
    JobKind.ARCHIVE_IMPORT: _run_archive_import,
}

