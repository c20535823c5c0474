"""Bulk e-mail (portal/mail.py) is a background task queued when the transaction
commits: nothing is queued for a change that was rolled back."""

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from portal.mail import send_mass_mail_on_commit

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MESSAGES = [("Hasil seleksi", "Isi", None, ["a@example.org"]),
            ("Hasil seleksi", "Isi", None, ["b@example.org"])]


def test_messages_are_sent_by_the_task_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_mass_mail_on_commit(MESSAGES)
        assert mail.outbox == []

    assert [m.to for m in mail.outbox] == [["a@example.org"], ["b@example.org"]]


def test_the_database_backend_queues_one_task_for_the_worker(django_capture_on_commit_callbacks):
    with (override_settings(TASKS=DATABASE_TASKS),
          django_capture_on_commit_callbacks(execute=True)):
        send_mass_mail_on_commit(MESSAGES)

    task = DBTaskResult.objects.get()
    assert task.task_path == "portal.mail.send_messages_task"
    assert len(task.args_kwargs["kwargs"]["messages"]) == 2
    assert mail.outbox == []


def test_nothing_is_sent_for_a_rolled_back_change(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                send_mass_mail_on_commit(MESSAGES)
                raise RuntimeError
        except RuntimeError:
            pass

    assert mail.outbox == []
