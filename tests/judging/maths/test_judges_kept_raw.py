"""Which judges normalisation leaves raw, and why (the rule of normalise_totals)."""

from judging.maths.scoring import judges_kept_raw, normalise_totals


def test_judges_kept_raw_names_too_few_scores_and_no_spread():
    rows = ([("a", e, 50.0 + e) for e in range(5)]  # 5 scores with spread: normalised
            + [("b", e, 70.0) for e in range(5)]  # 5 equal scores: no spread
            + [("c", e, 40.0 + e) for e in range(4)])  # 4 scores: too few

    kept = judges_kept_raw(rows=rows, min_scores=5)

    assert kept == {"b": "no_spread", "c": "too_few_scores"}
    normalised = normalise_totals(rows=rows, min_scores=5)
    assert all(normalised[(j, e)] == t for j, e, t in rows if j in kept)
    assert any(normalised[(j, e)] != t for j, e, t in rows if j == "a")
