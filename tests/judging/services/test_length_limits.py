"""Length limits on free text: a 2 MB comment, reason or note is refused with a message
and nothing is stored."""

import pytest
from django.core.exceptions import ValidationError

from judging.models import (
    Assignment,
    AssignmentStatus,
    ConflictOfInterest,
    RoundKind,
    ScoreValue,
    ScreeningDecision,
)
from judging.services import (
    assign_automatically,
    declare_conflict,
    record_screening,
    recuse,
    save_scores,
)
from judging.services.limits import LONG_TEXT_MAX, too_long
from tests.factories import RoundFactory

HUGE = "x" * (2 * 1024 * 1024)
MESSAGE = f"Use at most {LONG_TEXT_MAX} characters (this has {len(HUGE)})."


@pytest.fixture(autouse=True)
def english(settings):
    from django.utils import translation
    with translation.override("en"):
        yield


@pytest.fixture
def assigned(desk, judges, staff, make_entries):
    entries = make_entries(desk.competition, 2)
    assign_automatically(round=desk, user=staff)
    return entries, Assignment.objects.filter(round=desk).order_by("pk").first()


def test_limit_message():
    assert too_long("x" * LONG_TEXT_MAX, LONG_TEXT_MAX) is None
    assert too_long(HUGE, LONG_TEXT_MAX) == MESSAGE


@pytest.mark.django_db
def test_score_comment_of_2mb_is_refused(desk, assigned):
    _entries, assignment = assigned
    key = desk.rubric.criteria.order_by("order").first().key

    with pytest.raises(ValidationError) as error:
        save_scores(assignment=assignment, user=assignment.judge, values={key: (7, HUGE)})

    assert error.value.message_dict[key] == [MESSAGE]
    assert not ScoreValue.objects.filter(comment=HUGE).exists()
    save_scores(assignment=assignment, user=assignment.judge,
                values={key: (7, "x" * LONG_TEXT_MAX)})


@pytest.mark.django_db
def test_recusal_reason_of_2mb_is_refused(assigned):
    _entries, assignment = assigned

    with pytest.raises(ValidationError) as error:
        recuse(assignment=assignment, user=assignment.judge, reason=HUGE)

    assert error.value.message_dict["reason"] == [MESSAGE]
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ACTIVE


@pytest.mark.django_db
def test_conflict_reason_of_2mb_is_refused(assigned):
    entries, assignment = assigned

    with pytest.raises(ValidationError) as error:
        declare_conflict(judge=assignment.judge, user=assignment.judge,
                         agency=entries[0].innovation.agency, reason=HUGE)

    assert error.value.message_dict["reason"] == [MESSAGE]
    assert ConflictOfInterest.objects.count() == 0


@pytest.mark.django_db
def test_screening_reasons_of_2mb_are_refused(competition, staff, make_entries):
    screening = RoundFactory(competition=competition, order=1, kind=RoundKind.SCREENING)
    entry = make_entries(competition, 1)[0]

    with pytest.raises(ValidationError) as error:
        record_screening(round=screening, entry=entry, user=staff, passed=False, reasons=HUGE)

    assert error.value.message_dict["reasons"] == [MESSAGE]
    assert ScreeningDecision.objects.count() == 0
