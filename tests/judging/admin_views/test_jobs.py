"""Background jobs in the admin: the dashboard starts them, the job page shows progress,
the error or the download; only the secretariat sees any of it; the list has constant
queries."""

import pytest
from django.test import override_settings
from django.urls import reverse

from judging.models import BackgroundJob, JobKind, JobStatus, RoundResult
from judging.services.jobs import start_job
from tests.judging.helpers import assert_denied, count_queries

pytestmark = pytest.mark.django_db



def start_url(round, kind):
    return reverse("judging_admin:round_job", args=[round.pk, kind])


def test_raw_export_from_the_dashboard_is_downloadable_when_done(client, desk, staff, closed):
    client.force_login(staff)
    dashboard = client.get(reverse("judging_admin:round_dashboard", args=[desk.pk]))
    assert start_url(desk, "raw_scores") in dashboard.content.decode()

    response = client.post(start_url(desk, "raw_scores"), {"gaya": "data"})

    job = BackgroundJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("judging_admin:job_detail", args=[job.pk])
    page = client.get(response["Location"])
    download = reverse("judging_admin:job_download", args=[job.pk])
    assert page.status_code == 200
    assert download in page.content.decode()
    file = client.get(download)
    body = b"".join(file.streaming_content).decode()
    assert file["Content-Disposition"].startswith("attachment")
    assert body.startswith("entry_id,innovation,judge,criterion")
    assert body.count("\n") == 1 + 3 * 2 * desk.rubric.criteria.count()


def test_finalise_in_the_background(client, desk, staff, closed):
    client.force_login(staff)

    response = client.post(start_url(desk, "finalise"))

    page = client.get(response["Location"])
    result = RoundResult.objects.get(round=desk)
    assert response.status_code == 302
    assert BackgroundJob.objects.get().status == JobStatus.DONE
    assert page.status_code == 200
    assert "Tahap telah difinalisasi (checksum data masukan" in page.content.decode()
    assert result.checksum[:16] in page.content.decode()
    assert " baris." not in page.content.decode()


def test_a_failed_job_shows_its_error_not_a_500(client, desk, staff, closed):
    client.force_login(staff)

    response = client.post(start_url(desk, "results_csv"), follow=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Pekerjaan gagal." in html  # "The job failed."
    assert "Tahap ini belum memiliki hasil." in html  # "This round has no result yet."
    assert reverse("judging_admin:job_download", args=[BackgroundJob.objects.get().pk]) \
        not in html


def test_a_running_job_shows_its_progress_and_status(client, desk, staff, closed):
    client.force_login(staff)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        job, _created = start_job(kind=JobKind.RAW_SCORES, user=staff, round=desk)
    BackgroundJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, done=12,
                                                   total=48)

    page = client.get(reverse("judging_admin:job_detail", args=[job.pk])).content.decode()
    status = client.get(reverse("judging_admin:job_status", args=[job.pk])).json()
    again = client.post(start_url(desk, "raw_scores"))

    assert 'value="12"' in page
    assert "judging/job-progress.js" in page
    assert reverse("judging_admin:job_status", args=[job.pk]) in page
    assert status == {"status": "running", "label": "Berjalan", "done": 12, "total": 48,
                      "percent": 25, "finished": False}
    assert again["Location"] == reverse("judging_admin:job_detail", args=[job.pk])
    assert BackgroundJob.objects.count() == 1


def test_only_the_secretariat_reaches_jobs(client, desk, staff, judges, closed):
    job, _created = start_job(kind=JobKind.RAW_SCORES, user=staff, round=desk)
    client.force_login(judges[0])

    for response in [client.post(start_url(desk, "raw_scores")),
                     client.get(reverse("judging_admin:jobs")),
                     client.get(reverse("judging_admin:job_detail", args=[job.pk])),
                     client.get(reverse("judging_admin:job_status", args=[job.pk])),
                     client.get(reverse("judging_admin:job_download", args=[job.pk]))]:
        assert_denied(response)
    assert BackgroundJob.objects.count() == 1


def test_unknown_kind_is_404(client, desk, staff):
    client.force_login(staff)

    assert client.post(start_url(desk, "everything")).status_code == 404


def test_job_list_has_constant_queries(client, desk, staff, closed):
    client.force_login(staff)
    start_job(kind=JobKind.RAW_SCORES, user=staff, round=desk)
    url = reverse("judging_admin:jobs")
    client.get(url)
    one = count_queries(lambda: client.get(url))
    start_job(kind=JobKind.FINALISE, user=staff, round=desk)
    start_job(kind=JobKind.RESULTS_CSV, user=staff, round=desk)
    start_job(kind=JobKind.RESULTS_XLSX, user=staff, round=desk)

    response = client.get(url)
    many = count_queries(lambda: client.get(url))

    assert len(response.context["jobs"]) == 4
    assert many == one
