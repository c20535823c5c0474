"""Score sheets: validation, drafts kept, submit locks, reopen logs, rubric lock."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from wagtail.models import ModelLogEntry

from judging.models import Assignment, Score, ScoreStatus
from judging.services import (
    assign_automatically,
    ensure_rubric_editable,
    reopen_score,
    replace_criteria,
    rubric_is_locked,
    save_scores,
)

FULL = {"latar_belakang": 8, "kebaruan": 7, "implementasi": 6,
        "signifikansi": (9, "Data sebelum-sesudah jelas"), "adaptabilitas": 5,
        "sumber_daya": 6, "keberlanjutan": 7}


@pytest.fixture
def assignment(desk, judges, staff, make_entries):
    make_entries(desk.competition, 1)
    assign_automatically(round=desk, user=staff)
    return Assignment.objects.filter(round=desk).select_related("round__rubric").first()


@pytest.mark.django_db
def test_submit_computes_weighted_total_and_logs(assignment):
    score = save_scores(assignment=assignment, user=assignment.judge, values=FULL, submit=True)

    # 100 * (10*7/9 + 15*6/9 + 5*5/9 + 30*8/9 + 20*4/9 + 5*5/9 + 15*6/9) / 100
    assert score.status == ScoreStatus.SUBMITTED
    assert score.total == pytest.approx(100 * (70 + 90 + 25 + 240 + 80 + 25 + 90) / 900)
    assert ModelLogEntry.objects.filter(action="judging.score_submit").count() == 1


@pytest.mark.django_db
def test_invalid_values_are_reported_and_every_valid_value_is_kept_as_draft(assignment):
    save_scores(assignment=assignment, user=assignment.judge,
                values={"kebaruan": 7, "signifikansi": 5})

    with translation.override("en"), pytest.raises(ValidationError) as error:
        save_scores(assignment=assignment, user=assignment.judge,
                    values={"kebaruan": 4, "signifikansi": 11, "adaptabilitas": "abc",
                            "keberlanjutan": 8})

    assert set(error.value.message_dict) == {"signifikansi", "adaptabilitas"}
    assert error.value.message_dict["signifikansi"] == ["Enter a score from 1 to 10."]
    score = Score.objects.get(assignment=assignment)
    stored = dict(score.values.values_list("criterion__key", "value"))
    # The valid values are saved; the invalid one keeps what was stored before.
    assert stored == {"kebaruan": 4, "signifikansi": 5, "keberlanjutan": 8}
    assert score.status == ScoreStatus.DRAFT


@pytest.mark.django_db
def test_submit_with_an_invalid_value_is_refused_but_keeps_the_valid_ones(assignment):
    values = dict(FULL, kebaruan=11)

    with pytest.raises(ValidationError) as error:
        save_scores(assignment=assignment, user=assignment.judge, values=values, submit=True)

    assert set(error.value.message_dict) == {"kebaruan"}
    score = Score.objects.get(assignment=assignment)
    assert score.status == ScoreStatus.DRAFT
    assert score.total is None
    assert score.values.filter(value__isnull=False).count() == len(FULL) - 1


@pytest.mark.django_db
def test_incomplete_submit_keeps_the_draft_and_lists_what_is_missing(assignment):
    values = dict(FULL, signifikansi=9, keberlanjutan=None)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        save_scores(assignment=assignment, user=assignment.judge, values=values, submit=True)

    assert error.value.message_dict == {
        "signifikansi": ["A comment is required for this criterion."],
        "keberlanjutan": ["Score this criterion before submitting."],
    }
    score = Score.objects.get(assignment=assignment)
    assert score.status == ScoreStatus.DRAFT
    assert score.values.filter(value__isnull=False).count() == 6


@pytest.mark.django_db
def test_submitted_score_is_locked_until_reopened_with_a_logged_reason(assignment, staff):
    score = save_scores(assignment=assignment, user=assignment.judge, values=FULL, submit=True)

    with pytest.raises(ValidationError):
        save_scores(assignment=assignment, user=assignment.judge, values={"kebaruan": 1})
    with pytest.raises(PermissionDenied):
        reopen_score(score=score, user=assignment.judge, reason="ubah")
    with pytest.raises(ValidationError):
        reopen_score(score=score, user=staff, reason="")
    reopen_score(score=score, user=staff, reason="Salah ketik pada kebaruan")
    save_scores(assignment=assignment, user=assignment.judge, values={"kebaruan": 1})

    score.refresh_from_db()
    assert score.status == ScoreStatus.DRAFT
    assert score.values.get(criterion__key="kebaruan").value == 1
    log = ModelLogEntry.objects.get(action="judging.score_reopen")
    assert log.data["reason"] == "Salah ketik pada kebaruan"
    assert log.user_id == staff.pk


@pytest.mark.django_db
def test_only_the_assigned_judge_can_score(assignment, judges):
    other = next(j for j in judges if j.pk != assignment.judge_id)

    with pytest.raises(PermissionDenied):
        save_scores(assignment=assignment, user=other, values={"kebaruan": 5})


@pytest.mark.django_db
def test_rubric_is_locked_after_the_first_score(assignment, staff):
    rubric = assignment.round.rubric
    new = [{"key": "a", "name": "A", "weight": 60}, {"key": "b", "name": "B", "weight": 40}]
    assert rubric_is_locked(rubric) is False

    save_scores(assignment=assignment, user=assignment.judge, values={"kebaruan": 5})

    assert rubric_is_locked(rubric) is True
    with pytest.raises(ValidationError):
        ensure_rubric_editable(rubric)
    with pytest.raises(ValidationError):
        replace_criteria(rubric=rubric, user=staff, criteria=new)
    assert rubric.criteria.count() == 8


