"""Stages in the real order: the edition's passing grade, the Outstanding tier within the
edition's groups, and no Top 45 / award before field verification is finalised."""

import pytest
from django.core.exceptions import ValidationError

from judging.models import ResultRow, RoundKind, RoundStatus
from judging.services import finalise_round, record_screening, round_entries
from judging.services.rounds import passing_grade
from tests.factories import RoundFactory, make_result
from tests.judging.helpers import close_round


@pytest.mark.django_db
def test_an_empty_passing_grade_comes_from_the_edition(desk, scored, staff):
    # Scores 9, 8, 8, 5 on a 1-10 scale: totals 88.9, 77.8, 77.8, 44.4.
    desk.competition.default_passing_grade = 85
    desk.competition.save()
    assert desk.passing_grade is None

    result = finalise_round(round=desk, user=staff)

    rows = {row.entry_id: row for row in result.rows.all()}
    assert [rows[e.pk].selected for e in scored] == [True, False, False, False]
    assert rows[scored[1].pk].reason_code == "below_passing_grade"
    assert result.round_settings["passing_grade"] == "85.00"


@pytest.mark.django_db
def test_a_round_passing_grade_wins_and_pass_fail_rounds_have_none(desk):
    desk.competition.default_passing_grade = 85
    assert passing_grade(desk) == 85
    desk.passing_grade = 70
    assert passing_grade(desk) == 70
    field = RoundFactory(competition=desk.competition, order=2,
                         kind=RoundKind.FIELD_VERIFICATION)
    assert passing_grade(field) is None
    desk.competition.default_passing_grade = None
    desk.passing_grade = None
    assert passing_grade(desk) is None


@pytest.fixture
def verified(competition, make_entries):
    """A finalised field verification round (the Top 45) of one general and one
    special-group entry, and the Outstanding round after it."""
    general, special = make_entries(competition, 2)
    special.group = "khusus"
    special.save()
    make_result(competition, [general, special], tier="top45", order=4,
                kind=RoundKind.FIELD_VERIFICATION, published=False)
    award = RoundFactory(competition=competition, order=5, kind=RoundKind.AWARD,
                         tier="outstanding", status=RoundStatus.OPEN)
    return general, special, award


@pytest.mark.django_db
def test_outstanding_is_chosen_within_the_special_group_by_default(verified):
    general, special, award = verified

    assert list(round_entries(award)) == [special]

    award.competition.outstanding_groups = ["umum", "khusus"]
    award.competition.save()
    award.refresh_from_db()
    assert set(round_entries(award)) == {general, special}


@pytest.mark.django_db
def test_an_outstanding_decision_outside_the_edition_groups_is_refused(verified, staff):
    general, _special, award = verified

    with pytest.raises(ValidationError):
        record_screening(round=award, entry=general, user=staff, passed=True, notify=False)


@pytest.mark.django_db
def test_no_top45_before_field_verification_is_finalised(competition, make_entries, staff):
    entry = make_entries(competition, 1)[0]
    make_result(competition, [entry], tier="top99", order=2, published=False)
    top45 = RoundFactory(competition=competition, order=3, kind=RoundKind.INTERVIEW,
                         tier="top45", status=RoundStatus.CLOSED)

    with pytest.raises(ValidationError) as error:
        finalise_round(round=top45, user=staff)

    assert error.value.code == "verification_first"
    assert not ResultRow.objects.filter(result__round=top45).exists()


@pytest.mark.django_db
def test_the_award_round_is_finalised_after_field_verification(verified, staff):
    _general, special, award = verified
    record_screening(round=award, entry=special, user=staff, passed=True, notify=False)
    close_round(award, staff)

    result = finalise_round(round=award, user=staff)

    assert list(result.rows.filter(selected=True).values_list("entry_id", flat=True)) == [
        special.pk]


@pytest.mark.django_db
def test_an_award_round_without_a_finalised_verification_is_refused(
        competition, make_entries, staff):
    entry = make_entries(competition, 1)[0]
    make_result(competition, [entry], tier="top45", order=3, kind=RoundKind.INTERVIEW,
                published=False)
    award = RoundFactory(competition=competition, order=4, kind=RoundKind.AWARD,
                         tier="outstanding", status=RoundStatus.CLOSED)

    with pytest.raises(ValidationError) as error:
        finalise_round(round=award, user=staff)

    assert error.value.code == "verification_first"


@pytest.mark.django_db
def test_an_edition_without_field_verification_grants_top45_from_its_round(
        competition, make_entries, staff):
    competition.stages = ["screening", "desk", "interview", "award"]
    competition.save()
    entry = make_entries(competition, 1)[0]
    make_result(competition, [entry], tier="top99", order=2, published=False)
    award = RoundFactory(competition=competition, order=3, kind=RoundKind.AWARD,
                         tier="top45", status=RoundStatus.OPEN)
    record_screening(round=award, entry=entry, user=staff, passed=True, notify=False)
    close_round(award, staff)

    result = finalise_round(round=award, user=staff)

    assert result.rows.get().selected
