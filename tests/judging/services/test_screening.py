"""Screening decisions: e-mails to the unit with reasons; a pass/fail round moves entries on."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from innovations.models import Role
from judging.models import (
    Entry,
    EntryStatus,
    ResultRow,
    RoundKind,
    RoundStatus,
    ScreeningDecision,
)
from judging.services import finalise_round, record_screening, round_entries, set_round_status
from tests.factories import MembershipFactory, RoundFactory, UserFactory
from tests.judging.helpers import close_round


@pytest.mark.django_db
def test_screening_emails_the_unit_with_reasons(
        competition, staff, make_entries, django_capture_on_commit_callbacks):
    screening = RoundFactory(competition=competition, order=1, kind=RoundKind.SCREENING)
    entry = make_entries(competition, 1)[0]
    operator = UserFactory(username="op-screen", email="op@example.org")
    MembershipFactory(user=operator, unit=entry.innovation.unit,
                      agency=entry.innovation.agency, role=Role.OPERATOR)

    with django_capture_on_commit_callbacks(execute=True):
        record_screening(round=screening, entry=entry, user=staff, passed=False,
                         reasons="Inovasi baru berjalan 1 tahun", checklist={"age": False})

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["op@example.org"]
    assert "Inovasi baru berjalan 1 tahun" in mail.outbox[0].body
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SCREENING_FAILED
    assert ScreeningDecision.objects.get(entry=entry).checklist == {"age": False}
    assert ModelLogEntry.objects.filter(action="judging.screening").count() == 1
    with pytest.raises(ValidationError):
        record_screening(round=screening, entry=entry, user=staff, passed=False, reasons="")


@pytest.mark.django_db
def test_pass_fail_round_needs_every_decision_then_moves_entries(competition, staff, make_entries):
    screening = RoundFactory(competition=competition, order=1, kind=RoundKind.SCREENING)
    desk = RoundFactory(competition=competition, order=2, kind=RoundKind.DESK)
    entries = make_entries(competition, 3)
    record_screening(round=screening, entry=entries[0], user=staff, passed=True, notify=False)
    record_screening(round=screening, entry=entries[1], user=staff, passed=False,
                     reasons="Formulir tidak lengkap", notify=False)
    close_round(screening, staff)
    # In Indonesian whatever an earlier test in this thread left active (a request to /en/).
    with translation.override("id"), pytest.raises(ValidationError,
                                                   match="1 entri belum diputuskan"):
        finalise_round(round=screening, user=staff)
    set_round_status(round=screening, user=staff, status=RoundStatus.OPEN)
    record_screening(round=screening, entry=entries[2], user=staff, passed=True, notify=False)
    close_round(screening, staff)

    result = finalise_round(round=screening, user=staff)

    assert dict(result.rows.values_list("entry_id", "reason_code")) == {
        entries[0].pk: "passed", entries[1].pk: "failed", entries[2].pk: "passed"}
    assert set(round_entries(desk).values_list("pk", flat=True)) == {entries[0].pk,
                                                                    entries[2].pk}
    assert Entry.objects.get(pk=entries[1].pk).status == EntryStatus.SCREENING_FAILED
    with pytest.raises(ValidationError):
        record_screening(round=screening, entry=entries[1], user=staff, passed=True)


@pytest.mark.django_db
def test_screening_cannot_be_finalised_while_registration_is_open(competition, staff,
                                                                  make_entries):
    competition.submission_deadline = timezone.now() + datetime.timedelta(days=3)
    competition.save()
    screening = RoundFactory(competition=competition, order=1, kind=RoundKind.SCREENING)
    entry = make_entries(competition, 1)[0]
    record_screening(round=screening, entry=entry, user=staff, passed=True, notify=False)
    close_round(screening, staff)

    with translation.override("id"), pytest.raises(ValidationError,
                                                   match="pendaftaran") as error:
        finalise_round(round=screening, user=staff)

    assert error.value.code == "registration_open"
    screening.refresh_from_db()
    assert screening.status == RoundStatus.CLOSED
    assert not ResultRow.objects.filter(result__round=screening).exists()
