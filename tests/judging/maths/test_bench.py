"""judging/maths/bench.py: a rubric of any size has one highest-weight criterion (the
published tie-break needs it) and weights summing to 100."""

import pytest

from judging.maths.bench import rubric, weights
from judging.maths.scoring import highest_weight_criterion


@pytest.mark.parametrize("n", [1, 2, 4, 5, 10, 12])
def test_weights_sum_to_100_with_one_highest(n):
    values = weights(n)

    assert len(values) == n
    assert sum(values) == 100
    assert values.count(max(values)) == 1


def test_a_ten_criteria_rubric_has_an_unambiguous_tie_break():
    assert highest_weight_criterion(criteria=rubric(10)) == "k1"
