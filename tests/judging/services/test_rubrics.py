"""The default rubrics: 2023 desk weights and guidance judges can read in Indonesian."""

from decimal import Decimal

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
