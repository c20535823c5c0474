"""Rubrics: the default 2023 desk weights and Indonesian guidance; replacing the criteria
of a rubric nobody has scored yet."""

from decimal import Decimal

import pytest

from judging.services import replace_criteria
from judging.services.rubrics import desk_criteria_2023, interview_criteria


def test_desk_rubric_has_the_2023_weights_and_indonesian_guidance():
    criteria = {row["key"]: row for row in desk_criteria_2023()}

    assert sum(row["weight"] for row in criteria.values()) == Decimal(100)
    assert criteria["signifikansi"]["weight"] == Decimal(30)
    assert criteria["signifikansi"]["comment_required"] is True
    assert criteria["signifikansi"]["description"] == (
        "Bukti hasil: angka sebelum dan sesudah, penerima manfaat, dampak pada masalah")
    assert criteria["ringkasan"]["weight"] == Decimal(0)


def test_interview_rubric_weights_sum_to_100_with_indonesian_guidance():
    criteria = interview_criteria()

    assert sum(row["weight"] for row in criteria) == Decimal(100)
    assert criteria[0]["description"] == (
        "Penyajian yang jelas dan runtut dalam waktu yang tersedia")


@pytest.mark.django_db
def test_unlocked_rubric_can_be_replaced(desk, staff):
    _desk, interview = desk.rubric, desk.competition.rubrics.get(kind="interview")
    criteria = [{"key": "a", "name": "A", "weight": 60}, {"key": "b", "name": "B", "weight": 40}]

    replace_criteria(rubric=interview, user=staff, criteria=criteria)

    assert list(interview.criteria.values_list("key", "weight")) == [("a", 60), ("b", 40)]


@pytest.mark.django_db
def test_default_rubrics_weights_sum_to_100(desk):
    rubrics = {r.kind: r for r in desk.competition.rubrics.all()}

    assert sum(c.weight for c in rubrics["desk"].criteria.all()) == 100
    assert sum(c.weight for c in rubrics["interview"].criteria.all()) == 100
    assert [c.key for c in rubrics["desk"].criteria.all() if c.comment_required] == [
        "signifikansi"]
    presentation = sum(c.weight for c in rubrics["interview"].criteria.all()
                       if c.key in {"presentasi", "wawancara"})
    assert presentation == 30
