"""Reminders to judges with open work: one message each, in the background, once a day."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from wagtail.models import ModelLogEntry

from judging.models import RoundStatus
from judging.services import set_round_status
from judging.services.reminders import remind_judges
from tests.judging.helpers import assert_denied, assign, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_desk(desk, staff, judges, make_entries, django_capture_on_commit_callbacks):
    set_round_status(round=desk, user=staff, status=RoundStatus.OPEN)
    entries = make_entries(desk.competition, 2)
    for entry in entries:
        submit(assign(round=desk, entry=entry, judge=judges[0], staff=staff), value=7)
        assign(round=desk, entry=entry, judge=judges[1], staff=staff)
    assign(round=desk, entry=entries[0], judge=judges[2], staff=staff)
    for index, judge in enumerate(judges):
        judge.email = f"juri{index}@example.org"
        judge.save()
    return desk


def test_each_judge_with_open_work_gets_one_message(open_desk, staff, judges,
                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        count = remind_judges(round=open_desk, user=staff)

    assert count == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        "juri1@example.org", "juri2@example.org"]
    body = next(m.body for m in mail.outbox if m.to == ["juri1@example.org"])
    assert "2 dari 2 entri Anda" in body
    assert "/admin/penjurian/penugasan/" in body
    assert ModelLogEntry.objects.get(action="judging.remind").data["count"] == 2


def test_a_second_reminder_the_same_day_sends_nothing(open_desk, staff,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        remind_judges(round=open_desk, user=staff)
        again = remind_judges(round=open_desk, user=staff)

    assert again == 0
    assert len(mail.outbox) == 2
    assert ModelLogEntry.objects.filter(action="judging.remind").count() == 1


def test_only_the_secretariat_and_only_an_open_round(open_desk, staff, judges):
    with pytest.raises(PermissionDenied):
        remind_judges(round=open_desk, user=judges[0])
    set_round_status(round=open_desk, user=staff, status=RoundStatus.CLOSED)
    with pytest.raises(ValidationError):
        remind_judges(round=open_desk, user=staff)
    assert mail.outbox == []


def test_the_dashboard_button_reminds_and_says_how_many(client, open_desk, staff, judges,
                                                        django_capture_on_commit_callbacks):
    url = reverse("judging_admin:round_remind", args=[open_desk.pk])
    client.force_login(judges[0])
    assert_denied(client.post(url))
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)

    assert "Pengingat sedang dikirim ke 2 juri." in response.content.decode()
    assert len(mail.outbox) == 2


@override_settings(WAGTAILADMIN_BASE_URL="https://inovasi.example.go.id")
def test_the_link_carries_the_sites_real_address(open_desk, staff,
                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        remind_judges(round=open_desk, user=staff)

    assert {"https://inovasi.example.go.id/admin/penjurian/penugasan/" in m.body
            for m in mail.outbox} == {True}
