"""Background jobs (judging/services/jobs.py): each job runs the existing service, records
progress, its file or its error; the same job started twice while it runs is one job;
only the secretariat may start one; the database backend queues it for the worker."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from judging.models import BackgroundJob, JobKind, JobStatus, RoundResult
from judging.services import jobs
from judging.services.jobs import run_job, start_job

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}



def read_csv(job):
    """The job's CSV: the committee's (utf-8 with a byte-order mark, ';') by default."""
    data = job.params.get("style") == "data"
    with job.result_file.open("rb") as handle:
        text = handle.read().decode("utf-8" if data else "utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter="," if data else ";"))


def test_finalise_job_calls_finalise_round_and_records_the_result(desk, staff, closed):
    job, created = start_job(kind=JobKind.FINALISE, user=staff, round=desk)

    assert created is True
    assert job.status == JobStatus.DONE
    assert (job.done, job.total, job.percent) == (1, 1, 100)
    result = RoundResult.objects.get(round=desk)
    assert job.summary == {"result": result.pk, "checksum": result.checksum}
    assert sorted(result.rows.filter(selected=True).values_list("entry_id", flat=True)) == \
        sorted(e.pk for e in closed[:2])
    actions = list(ModelLogEntry.objects.filter(action__startswith="judging.job")
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["judging.job_start", "judging.job_done"]


def test_raw_scores_job_writes_the_export_file_with_progress(desk, staff, closed, monkeypatch):
    # Batches of whole entries of at least 10 values: each entry (2 judges × 8 criteria)
    # is a batch; the progress is recorded after each but the last (then the job is done).
    monkeypatch.setattr(jobs, "RAW_SCORES_BATCH", 10)
    seen = []
    original = jobs._progress

    def spy(job, **kwargs):
        seen.append(kwargs)
        original(job, **kwargs)

    monkeypatch.setattr(jobs, "_progress", spy)
    job, _created = start_job(kind=JobKind.RAW_SCORES, user=staff, round=desk)

    rows = read_csv(job)
    values = 3 * 2 * desk.rubric.criteria.count()
    assert job.status == JobStatus.DONE
    assert rows[0][:3] == ["nomor entri", "inovasi", "juri"]
    assert len(rows) == 1 + values
    assert job.result_name == f"{desk.competition.slug}-babak-1-nilai-mentah.csv"
    assert seen[0] == {"total": values}
    per_entry = 2 * desk.rubric.criteria.count()
    assert [step["done"] for step in seen[1:]] == list(range(per_entry, values, per_entry))
    assert (job.done, job.total) == (values, values)


def test_result_exports_as_csv_and_xlsx(desk, staff, closed):
    start_job(kind=JobKind.FINALISE, user=staff, round=desk)

    csv_job, _ = start_job(kind=JobKind.RESULTS_CSV, user=staff, round=desk)
    xlsx_job, _ = start_job(kind=JobKind.RESULTS_XLSX, user=staff, round=desk)

    assert [row[1] for row in read_csv(csv_job)[1:]] == [str(e.pk) for e in closed]
    data_job, _ = start_job(kind=JobKind.RESULTS_CSV, user=staff, round=desk,
                            params={"style": "data"})
    assert data_job.pk != csv_job.pk
    assert read_csv(data_job)[0][:2] == ["rank", "entry_id"]
    with xlsx_job.result_file.open("rb") as handle:
        assert load_workbook(io.BytesIO(handle.read())).active.max_row == 4
    assert (csv_job.total, xlsx_job.total) == (3, 3)


def test_a_failing_job_records_the_error_and_does_not_raise(desk, staff, closed):
    # The round has no result yet: the result export fails with the service's message.
    job, _created = start_job(kind=JobKind.RESULTS_CSV, user=staff, round=desk)

    assert job.status == JobStatus.FAILED
    assert job.error == "Tahap ini belum memiliki hasil."
    assert not job.result_file
    assert ModelLogEntry.objects.filter(object_id=str(job.pk),
                                        action="judging.job_failed").count() == 1


def test_a_cutoff_tie_fails_the_finalise_job_and_names_the_entries(desk, staff, scored):
    job, _created = start_job(kind=JobKind.FINALISE, user=staff, round=desk)

    assert job.status == JobStatus.FAILED
    assert job.summary["tie"] == [scored[1].pk, scored[2].pk]
    assert "panel" in job.error
    assert not RoundResult.objects.filter(round=desk).exists()


def test_an_unexpected_error_is_recorded_with_its_class(desk, staff, closed, monkeypatch):
    def broken(job):
        raise RuntimeError("disk full")

    monkeypatch.setitem(jobs.RUNNERS, JobKind.RAW_SCORES, broken)

    job, _created = start_job(kind=JobKind.RAW_SCORES, user=staff, round=desk)

    assert job.status == JobStatus.FAILED
    assert "RuntimeError" in job.error


def test_starting_the_same_job_while_it_runs_returns_the_running_one(desk, staff, closed):
    with override_settings(TASKS=DATABASE_TASKS):
        first, created_first = start_job(kind=JobKind.RAW_SCORES, user=staff, round=desk)
        second, created_second = start_job(kind=JobKind.RAW_SCORES, user=staff, round=desk)

    assert (created_first, created_second) == (True, False)
    assert second.pk == first.pk
    assert first.status == JobStatus.QUEUED
    assert BackgroundJob.objects.count() == 1
    assert DBTaskResult.objects.count() == 1
    assert ModelLogEntry.objects.filter(action="judging.job_start").count() == 1


def test_a_finished_job_can_be_started_again(desk, staff, closed):
    first, _ = start_job(kind=JobKind.RAW_SCORES, user=staff, round=desk)
    second, created = start_job(kind=JobKind.RAW_SCORES, user=staff, round=desk)

    assert created is True
    assert second.pk != first.pk


def test_the_database_backend_queues_the_job_for_the_worker(desk, staff, closed):
    with override_settings(TASKS=DATABASE_TASKS):
        job, _created = start_job(kind=JobKind.RAW_SCORES, user=staff, round=desk)
        task = DBTaskResult.objects.get()
        assert task.task_path == "judging.services.jobs.run_job_task"
        assert str(task.id) == job.task_id

        # What db_worker does with the row (the command itself closes the connection,
        # which a test transaction cannot survive on PostgreSQL).
        task.task.call(*task.args_kwargs["args"], **task.args_kwargs["kwargs"])

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert len(read_csv(job)) == 1 + 3 * 2 * desk.rubric.criteria.count()


def test_a_job_runs_once_even_if_delivered_twice(desk, staff, closed):
    with override_settings(TASKS=DATABASE_TASKS):
        job, _created = start_job(kind=JobKind.FINALISE, user=staff, round=desk)

    run_job(job_id=job.pk)
    again = run_job(job_id=job.pk)

    assert again.status == JobStatus.DONE
    assert RoundResult.objects.filter(round=desk).count() == 1
    assert ModelLogEntry.objects.filter(object_id=str(job.pk),
                                        action="judging.job_done").count() == 1


def test_only_the_secretariat_starts_jobs(desk, judges, closed):
    with pytest.raises(PermissionDenied):
        start_job(kind=JobKind.RAW_SCORES, user=judges[0], round=desk)

    assert BackgroundJob.objects.count() == 0


def test_archive_import_job_reports_what_it_created(staff, home_page):
    from tests.factories import innovation_index

    innovation_index(home_page)
    text = ("year,tier,innovation,agency\n"
            "2014,Top 9,Layanan Satu Pintu,Pemerintah Kota Surabaya\n")

    job, _created = start_job(kind=JobKind.ARCHIVE_IMPORT, user=staff, params={"text": text})

    assert job.status == JobStatus.DONE
    assert job.summary["rows"] == 1
    assert job.summary["errors"] == []
    assert sum(job.summary["created"].values()) > 0


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_four_concurrent_starts_make_one_job(desk, staff, closed):
    from tests.judging.services.test_idempotent_actions import run_concurrently

    with override_settings(TASKS=DATABASE_TASKS):
        outcomes = run_concurrently(4, lambda: start_job(kind=JobKind.RAW_SCORES, user=staff,
                                                         round=desk))

    assert [type(o).__name__ for o in outcomes] == ["tuple"] * 4
    assert len({job.pk for job, _created in outcomes}) == 1
    assert sorted(created for _job, created in outcomes) == [False, False, False, True]
    assert BackgroundJob.objects.count() == 1
    assert DBTaskResult.objects.count() == 1
    assert ModelLogEntry.objects.filter(action="judging.job_start").count() == 1
