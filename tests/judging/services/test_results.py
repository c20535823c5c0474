"""Finalising, cut-off ties, input checksums and publishing (achievements for the tier)."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from innovations.models import Achievement
from judging.models import Entry, EntryStatus, ResultRow, RoundKind
from judging.services import (
    CutoffTieError,
    assign_automatically,
    compute_round_statistics,
    finalise_round,
    input_checksum,
    publish_result,
    round_entries,
)
from tests.factories import RoundFactory
from tests.judging.helpers import close_round, score_entry


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
def test_finalising_moves_only_entries_in_a_status_their_move_starts_from(desk, scored, staff):
    Entry.objects.filter(pk=scored[0].pk).update(status=EntryStatus.NOT_ADVANCED)

    result = finalise_round(round=desk, user=staff, panel_decisions={
        scored[1].pk: True, scored[2].pk: False})

    assert result.rows.get(entry=scored[0]).selected
    statuses = dict(Entry.objects.values_list("pk", "status"))
    assert [statuses[e.pk] for e in scored] == [
        EntryStatus.NOT_ADVANCED, EntryStatus.AWARDED, EntryStatus.NOT_ADVANCED,
        EntryStatus.NOT_ADVANCED]
