"""Finalising, cut-off ties, publishing, screening e-mails and query budgets."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from innovations.models import Achievement, Role
from judging.models import (
    Entry,
    EntryStatus,
    ResultRow,
    RoundKind,
    RoundStatus,
    ScreeningDecision,
)
from judging.services import (
    CutoffTieError,
    assign_automatically,
    compute_round_statistics,
    finalise_round,
    input_checksum,
    is_judge,
    is_secretariat,
    publish_result,
    record_screening,
    round_entries,
    set_round_status,
)
from tests.innovations.factories import MembershipFactory, UserFactory

from .factories import RoundFactory
from .helpers import close_round, score_entry


def total_for(value):
    return 100 * (value - 1) / 9


@pytest.fixture
def scored(desk, judges, staff, make_entries):
    """Four entries scored 9, 8, 8 and 5 by both of their judges: a tie at the cut-off."""
    desk.tier = "top99"
    desk.save()
    entries = make_entries(desk.competition, 4)
    assign_automatically(round=desk, user=staff)
    for entry, value in zip(entries, (9, 8, 8, 5), strict=True):
        score_entry(desk, entry, value)
    close_round(desk, staff)
    return entries


@pytest.mark.django_db
def test_statistics_rank_with_shared_ranks(desk, scored):
    stats = compute_round_statistics(round=desk)

    assert [(r.entry_id, r.rank, r.tied) for r in stats.ranking] == [
        (scored[0].pk, 1, False), (scored[1].pk, 2, True), (scored[2].pk, 2, True),
        (scored[3].pk, 4, False)]
    assert stats.entries[scored[0].pk].score == pytest.approx(total_for(9))
    assert stats.expected == 8
    assert stats.submitted == 8


@pytest.mark.django_db
def test_cutoff_tie_blocks_finalisation_until_panel_decides(desk, scored, staff):
    with pytest.raises(CutoffTieError) as error:
        finalise_round(round=desk, user=staff)
    assert set(error.value.entry_ids) == {scored[1].pk, scored[2].pk}
    assert not ResultRow.objects.exists()
    desk.refresh_from_db()
    assert desk.status == "closed"

    result = finalise_round(round=desk, user=staff, panel_decisions={
        scored[1].pk: True, scored[2].pk: False}, panel_note="Dampak lebih luas")

    rows = {row.entry_id: row for row in result.rows.all()}
    assert [rows[e.pk].selected for e in scored] == [True, True, False, False]
    assert rows[scored[1].pk].reason_code == "selected_panel"
    assert rows[scored[2].pk].reason_code == "not_selected_panel"
    assert rows[scored[3].pk].reason_code == "outside_top_n"
    assert rows[scored[1].pk].flags == ["shared_rank"]
    assert ModelLogEntry.objects.filter(action="judging.panel_decision").count() == 2
    assert ModelLogEntry.objects.get(action="judging.finalise").data["checksum"] == \
        result.checksum


@pytest.mark.django_db
def test_finalise_snapshot_checksum_and_advancing_entries(desk, scored, staff):
    interview = RoundFactory(competition=desk.competition, order=2, kind=RoundKind.INTERVIEW,
                             rubric=desk.competition.rubrics.get(kind="interview"))
    desk.advance_count = 3
    desk.save()

    result = finalise_round(round=desk, user=staff)

    stats_rows = sorted((j, e, k, v) for j, e, k, v in compute_round_statistics(round=desk).rows)
    assert result.checksum == input_checksum(settings=result.round_settings, rows=stats_rows,
                                             panel={})
    assert len(result.checksum) == 64
    assert set(round_entries(interview).values_list("pk", flat=True)) == {
        e.pk for e in scored[:3]}
    statuses = dict(Entry.objects.values_list("pk", "status"))
    assert statuses[scored[0].pk] == EntryStatus.ADVANCED
    assert statuses[scored[3].pk] == EntryStatus.NOT_ADVANCED
    assert Entry.objects.get(pk=scored[0].pk).current_round == interview
    with pytest.raises(ValidationError):
        finalise_round(round=desk, user=staff)
    with pytest.raises(ValidationError):
        result.checksum = "0" * 64
        result.save()


@pytest.mark.django_db
def test_finalise_refuses_unsubmitted_scores(desk, judges, staff, make_entries):
    entries = make_entries(desk.competition, 2)
    assign_automatically(round=desk, user=staff)
    score_entry(desk, entries[0], 7)
    score_entry(desk, entries[1], 6, submit=False)
    close_round(desk, staff)

    with pytest.raises(ValidationError):
        finalise_round(round=desk, user=staff)


@pytest.mark.django_db
def test_publish_writes_achievements_for_the_tier(desk, scored, staff):
    desk.advance_count = 3
    desk.requires_objection_period = False  # the objection period has its own tests
    desk.save()
    result = finalise_round(round=desk, user=staff)

    publish_result(result=result, user=staff)

    assert set(Achievement.objects.filter(tier="top99", year=desk.competition.year)
               .values_list("innovation_id", flat=True)) == {e.innovation_id for e in scored[:3]}
    result.refresh_from_db()
    assert result.published is True
    with pytest.raises(ValidationError):
        publish_result(result=result, user=staff)


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
def test_statistics_query_count_is_constant(desk, judges, staff, make_entries):
    entries = make_entries(desk.competition, 1)
    assign_automatically(round=desk, user=staff)
    score_entry(desk, entries[0], 7)
    with CaptureQueriesContext(connection) as one:
        compute_round_statistics(round=desk)

    more = make_entries(desk.competition, 4)
    assign_automatically(round=desk, user=staff)
    for entry in more:
        score_entry(desk, entry, 6)
    with CaptureQueriesContext(connection) as many:
        stats = compute_round_statistics(round=desk)

    assert len(stats.entries) == 5
    assert len(one) == len(many)
    assert len(many) <= 8


@pytest.mark.django_db
def test_pass_fail_round_needs_every_decision_then_moves_entries(competition, staff, make_entries):
    screening = RoundFactory(competition=competition, order=1, kind=RoundKind.SCREENING)
    desk = RoundFactory(competition=competition, order=2, kind=RoundKind.DESK)
    entries = make_entries(competition, 3)
    record_screening(round=screening, entry=entries[0], user=staff, passed=True, notify=False)
    record_screening(round=screening, entry=entries[1], user=staff, passed=False,
                     reasons="Formulir tidak lengkap", notify=False)
    close_round(screening, staff)
    with pytest.raises(ValidationError, match="1 entri belum diputuskan"):
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
def test_permission_helpers(staff, judges, django_user_model):
    root = django_user_model.objects.create_superuser("root", "r@example.org", "x")
    nobody = django_user_model.objects.create_user("nobody")

    assert [is_secretariat(u) for u in (staff, root, judges[0], nobody)] == [
        True, True, False, False]
    assert [is_judge(u) for u in (staff, judges[0], nobody)] == [False, True, False]
