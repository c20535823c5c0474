"""Hand-computed tests for judging.maths.scoring (pure maths, no Django)."""

import math
import random
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from judging.maths.scoring import (
    CriterionSpec,
    EntryStats,
    GroupedRows,
    RankedEntry,
    TextTotals,
    aggregate_entry,
    competition_ranks,
    criterion_means,
    entry_statistics,
    highest_weight_criterion,
    judge_bias,
    krippendorff_alpha_interval,
    normalise_totals,
    rank_entries,
    rubric_total,
    rubric_totals,
)

RUBRIC = [
    CriterionSpec("significance", 30, 1, 5),
    CriterionSpec("novelty", 10, 0, 10),
    CriterionSpec("summary", 0, 0, 100),
]

# Judge A is lenient, judge B severe; both score the same five entries in the same order.
LENIENT_AND_SEVERE = [
    ("A", "e1", 80.0), ("A", "e2", 85.0), ("A", "e3", 90.0), ("A", "e4", 95.0), ("A", "e5", 100.0),
    ("B", "e1", 40.0), ("B", "e2", 45.0), ("B", "e3", 50.0), ("B", "e4", 55.0), ("B", "e5", 60.0),
]


# --- rubric_total ---------------------------------------------------------------------

def test_rubric_total_weights_each_criterion_on_its_own_scale():
    # 100 * (30 * (4-1)/(5-1) + 10 * (5-0)/(10-0)) / (30+10+0) = 100 * (22.5 + 5) / 40 = 68.75
    total = rubric_total(criteria=RUBRIC, values={"significance": 4, "novelty": 5, "summary": 77})

    assert total == 68.75


def test_weight_zero_criterion_never_changes_the_total_and_may_be_left_out():
    base = {"significance": 4, "novelty": 5}

    totals = {
        rubric_total(criteria=RUBRIC, values={**base, "summary": 0}),
        rubric_total(criteria=RUBRIC, values={**base, "summary": 100}),
        rubric_total(criteria=RUBRIC, values=base),
    }

    assert totals == {68.75}


def test_rubric_total_bounds_are_0_and_100_on_the_2023_rubric():
    weights = {"background": 10, "novelty": 15, "implementation": 5, "significance": 30,
               "adaptability": 20, "resources": 5, "sustainability": 15, "summary": 0}
    criteria = [CriterionSpec(key, weight, 1, 5) for key, weight in weights.items()]

    top = rubric_total(criteria=criteria, values=dict.fromkeys(weights, 5))
    bottom = rubric_total(criteria=criteria, values=dict.fromkeys(weights, 1))

    assert (top, bottom) == (100.0, 0.0)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"significance": 6, "novelty": 5}, "outside"),
        ({"significance": 0.5, "novelty": 5}, "outside"),
        ({"significance": float("nan"), "novelty": 5}, "outside"),
        ({"novelty": 5}, "missing value for criterion 'significance'"),
        ({"significance": 4, "novelty": 5, "impact": 3}, "unknown criteria"),
        ({"significance": 4, "novelty": 5, "summary": 101}, "outside"),
    ],
)
def test_rubric_total_rejects_bad_values(values, message):
    with pytest.raises(ValueError, match=message):
        rubric_total(criteria=RUBRIC, values=values)


def test_rubric_total_rejects_all_zero_weights_and_bad_specs():
    with pytest.raises(ValueError, match="all criterion weights are zero"):
        rubric_total(criteria=[CriterionSpec("a", 0, 0, 10)], values={"a": 5})
    with pytest.raises(ValueError, match="greater than"):
        CriterionSpec("a", 1, 5, 5)
    with pytest.raises(ValueError, match=">= 0"):
        CriterionSpec("a", -1, 0, 5)


@settings(max_examples=200, deadline=None)
@given(weights=st.lists(st.integers(0, 40), min_size=1, max_size=10).filter(any),
       data=st.data())
def test_rubric_totals_equal_rubric_total_to_the_last_bit(weights, data):
    criteria = [CriterionSpec(f"k{i}", float(w), 1.0, 10.0) for i, w in enumerate(weights)]
    pairs = [((judge, entry), {c.key: data.draw(st.integers(2, 20)) / 2 for c in criteria})
             for judge in range(3) for entry in range(4)]

    totals = rubric_totals(criteria=criteria, pairs=pairs)

    assert list(totals) == [pair for pair, _values in pairs]
    assert [totals[pair].hex() for pair, _values in pairs] == [
        rubric_total(criteria=criteria, values=values).hex() for _pair, values in pairs]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"significance": 6, "novelty": 5}, "outside"),
        ({"novelty": 5}, "missing value for criterion 'significance'"),
        ({"significance": 4, "novelty": 5, "impact": 3}, "unknown criteria"),
    ],
)
def test_rubric_totals_reject_bad_values_like_rubric_total(values, message):
    with pytest.raises(ValueError, match=message):
        rubric_totals(criteria=RUBRIC, pairs=[(("j", "e"), values)])


def test_rubric_totals_check_the_rubric_only_when_there_is_a_value_as_rubric_total_did():
    zero = [CriterionSpec("a", 0, 0, 10)]

    assert rubric_totals(criteria=zero, pairs=[]) == {}
    assert rubric_totals(criteria=[], pairs=[]) == {}
    with pytest.raises(ValueError, match="all criterion weights are zero"):
        rubric_totals(criteria=zero, pairs=[(("j", "e"), {"a": 5})])


@settings(max_examples=200, deadline=None)
@given(weights=st.lists(st.integers(0, 40), min_size=1, max_size=10).filter(any),
       scales=st.lists(st.tuples(st.integers(-5, 5), st.integers(1, 20)), min_size=10,
                       max_size=10),
       data=st.data())
def test_text_totals_equal_rubric_total_to_the_last_bit(weights, scales, data):
    """Values as decimal texts (two decimals, as stored), in any order of the criteria,
    a weight-0 criterion sometimes left out: the same total as rubric_total."""
    criteria = [CriterionSpec(f"k{i}", float(w), float(low), float(low + span))
                for i, (w, (low, span)) in enumerate(zip(weights, scales, strict=False))]
    totaller = TextTotals(criteria)
    for _pair in range(12):
        present = [c for c in criteria if c.weight or data.draw(st.booleans())]
        keys = data.draw(st.permutations([c.key for c in present]))
        by_key = {c.key: c for c in criteria}
        cents = [data.draw(st.integers(int(by_key[k].min_value) * 100,
                                       int(by_key[k].max_value) * 100)) for k in keys]
        texts = [f"{c / 100:.2f}" for c in cents]

        total = totaller.layout(keys)(texts)

        expected = rubric_total(criteria=criteria,
                                values={k: float(t) for k, t in zip(keys, texts, strict=True)})
        assert total.hex() == expected.hex()


@pytest.mark.parametrize(
    ("keys", "texts", "message"),
    [
        (("significance", "novelty"), ("6", "5"), "outside"),
        (("novelty",), ("5",), "missing value for criterion 'significance'"),
        (("significance", "novelty", "impact"), ("4", "5", "3"), "unknown criteria"),
    ],
)
def test_text_totals_reject_bad_values_like_rubric_total(keys, texts, message):
    with pytest.raises(ValueError, match=message):
        TextTotals(RUBRIC).layout(keys)(texts)


def test_text_totals_check_a_text_first_seen_on_a_later_pair():
    total = TextTotals(RUBRIC).layout(("novelty", "significance"))

    assert total(("5", "4")) == 68.75
    assert total(("5", "4")) == 68.75
    with pytest.raises(ValueError, match="'significance': value 6.0 is outside"):
        total(("5", "6"))


def test_text_totals_with_a_key_given_twice_keep_the_last_value_as_a_mapping_does():
    total = TextTotals(RUBRIC).layout(("significance", "novelty", "novelty"))

    assert total(("4", "0", "5")) == rubric_total(
        criteria=RUBRIC, values={"significance": 4, "novelty": 5})


# --- aggregate_entry -------------------------------------------------------------------

@pytest.mark.parametrize(
    ("totals", "method", "expected"),
    [
        ([70, 80, 90], "mean", 80.0),  # 240 / 3
        ([70, 90, 80, 60], "median", 75.0),  # (70 + 80) / 2
        ([50, 60, 70, 80, 100], "trimmed_mean", 70.0),  # drop 50 and 100: 210 / 3
        ([50, 60, 70, 100], "trimmed_mean", 70.0),  # only 4 totals: plain mean 280 / 4
        ([80, None, 60], "mean", 70.0),  # missing is left out, not zero (would be 46.67)
        ([], "mean", None),
        ([None, None], "median", None),
    ],
)
def test_aggregate_entry(totals, method, expected):
    assert aggregate_entry(totals=totals, method=method) == expected


def test_aggregate_entry_rejects_unknown_method():
    with pytest.raises(ValueError, match="unknown aggregation method"):
        aggregate_entry(totals=[1.0], method="mode")


# --- normalisation and bias ------------------------------------------------------------

def test_normalise_maps_each_judge_onto_the_round_distribution():
    # Round: mean 70; deviations +-10..30 give SS 4500, pstdev sqrt(450).
    # Each judge: pstdev sqrt((100+25+0+25+100)/5) = sqrt(50); sigma/sigma_r = 3.
    # A: T' = 70 + 3 * (T - 90) -> 40, 55, 70, 85, 100; B: T' = 70 + 3 * (T - 50) -> same.
    result = normalise_totals(rows=LENIENT_AND_SEVERE)

    expected = {40.0, 55.0, 70.0, 85.0, 100.0}
    for judge in "AB":
        values = {round(result[(judge, f"e{i}")], 9) for i in range(1, 6)}
        assert values == expected
    assert result[("A", "e1")] == pytest.approx(40.0, abs=1e-9)
    assert result[("B", "e5")] == pytest.approx(100.0, abs=1e-9)


def test_normalise_keeps_raw_totals_for_few_scores_or_no_spread():
    rows = [
        *LENIENT_AND_SEVERE,
        ("C", "e1", 10.0), ("C", "e2", 20.0), ("C", "e3", 30.0), ("C", "e4", 40.0),  # 4 < 5
        *(("D", f"e{i}", 66.0) for i in range(1, 6)),  # sigma_r = 0
    ]

    result = normalise_totals(rows=rows)

    assert [result[("C", f"e{i}")] for i in range(1, 5)] == [10.0, 20.0, 30.0, 40.0]
    assert [result[("D", f"e{i}")] for i in range(1, 6)] == [66.0] * 5
    assert normalise_totals(rows=rows, min_scores=4)[("C", "e1")] != 10.0


def test_normalise_rejects_a_repeated_pair_and_handles_no_rows():
    with pytest.raises(ValueError, match="more than one row"):
        normalise_totals(rows=[("A", "e1", 1.0), ("A", "e1", 2.0)])
    assert normalise_totals(rows=[]) == {}


def test_judge_bias_is_mean_deviation_from_entry_means():
    rows = [("A", "e1", 80.0), ("B", "e1", 60.0), ("A", "e2", 90.0), ("C", "e2", 70.0),
            ("B", "e3", 50.0)]

    bias = judge_bias(rows=rows)

    # entry means: e1 70, e2 80, e3 50
    # A: ((80-70) + (90-80)) / 2 = 10; B: ((60-70) + (50-50)) / 2 = -5; C: 70 - 80 = -10
    assert bias == {"A": 10.0, "B": -5.0, "C": -10.0}


# --- entry_statistics --------------------------------------------------------------------

def test_entry_statistics_scores_normalised_and_describes_raw():
    stats = entry_statistics(
        rows=LENIENT_AND_SEVERE, method="mean", normalise=True, min_judges=3,
        sd_threshold=20.0, range_threshold=None,
    )

    e1 = stats["e1"]
    # raw 80 and 40: mean 60, median 60, range 40, sample SD sqrt((20^2 + 20^2) / 1) = 28.28
    # normalised: both judges give 40 -> score 40
    assert (e1.n_judges, e1.mean_raw, e1.median, e1.range) == (2, 60.0, 60.0, 40.0)
    assert e1.sd == pytest.approx(math.sqrt(800))
    assert e1.score == pytest.approx(40.0, abs=1e-9)
    assert e1.too_few_judges is True  # 2 < 3
    assert e1.disagreement is True  # 28.28 > 20
    assert list(stats) == ["e1", "e2", "e3", "e4", "e5"]
    assert stats["e3"].score == pytest.approx(70.0, abs=1e-9)  # raw 90 and 50 -> 70, 70


def test_entry_statistics_without_normalisation_scores_raw():
    stats = entry_statistics(rows=LENIENT_AND_SEVERE, normalise=False, min_judges=2)

    # e2 raw 85 and 45: mean 65
    assert stats["e2"].score == 65.0
    assert stats["e2"].too_few_judges is False
    assert stats["e2"].disagreement is False  # no thresholds given


def test_disagreement_uses_sample_sd_and_strict_thresholds():
    rows = [("A", "x", 60.0), ("B", "x", 70.0), ("C", "x", 80.0)]
    # sample SD sqrt((100 + 0 + 100) / 2) = 10 (population SD would be 8.165); range 20

    def flag(**thresholds):
        stats = entry_statistics(rows=rows, normalise=False, min_judges=3, **thresholds)
        return stats["x"].disagreement

    assert entry_statistics(rows=rows, normalise=False)["x"].sd == 10.0
    assert flag(sd_threshold=9.0) is True  # 10 > 9; pstdev 8.165 would not flag
    assert flag(sd_threshold=10.0) is False  # equal does not pass the threshold
    assert flag(range_threshold=20.0) is False
    assert flag(range_threshold=19.99) is True


def test_entry_statistics_reports_entries_without_scores_and_single_judges():
    stats = entry_statistics(rows=[("A", "x", 75.0)], normalise=True, min_judges=1,
                             sd_threshold=0.0, entry_ids=["y"])

    assert stats["x"] == EntryStats("x", 1, 75.0, 75.0, 75.0, None, 0.0, False, False)
    assert stats["y"] == EntryStats("y", 0, None, None, None, None, None, True, False)


@pytest.mark.parametrize("method", ["mean", "median", "trimmed_mean"])
def test_entry_statistics_methods(method):
    totals = [50.0, 60.0, 70.0, 80.0, 100.0]
    rows = [(judge, "x", total) for judge, total in zip("ABCDE", totals, strict=True)]
    expected = {"mean": 72.0, "median": 70.0, "trimmed_mean": 70.0}  # 360/5; mid; 210/3

    stats = entry_statistics(rows=rows, method=method, normalise=False)

    assert stats["x"].score == expected[method]


# --- Krippendorff's alpha ----------------------------------------------------------------

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", 4 coders x 12 units.
KRIPPENDORFF_DATA = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}


def test_alpha_matches_krippendorffs_published_interval_example():
    rows = [(coder, unit, value) for coder, values in KRIPPENDORFF_DATA.items()
            for unit, value in enumerate(values, start=1)]

    alpha = krippendorff_alpha_interval(rows=rows)

    # Unit 12 has one value and is dropped; n = 40 pairable values, sum 100, squares 306.
    # D_o = (1/40) * sum 2m SS/(m-1) over units 2 (SS .75), 6 (SS 5), 8 (SS .75), m = 4
    #     = (1/40) * (2 + 40/3 + 2) = 13/30
    # D_e = 2 * (306 - 100^2/40) / 39 = 112/39;  alpha = 1 - (13/30)/(112/39) = 951/1120
    assert alpha == pytest.approx(951 / 1120, abs=1e-12)
    assert round(alpha, 3) == 0.849


def test_alpha_tiny_hand_case_ignores_single_rating_units():
    rows = [("A", 1, 1.0), ("B", 1, 3.0), ("A", 2, 5.0), ("B", 2, 5.0), ("A", 3, 100.0)]

    alpha = krippendorff_alpha_interval(rows=rows)

    # n = 4 values (1, 3, 5, 5). D_o = (1/4) * 2*2*SS(1,3)/1 = (1/4) * 4 * 2 = 2
    # D_e = 2 * SS(1,3,5,5) / 3 = 2 * 11 / 3 = 22/3;  alpha = 1 - 2 / (22/3) = 8/11
    assert alpha == pytest.approx(8 / 11, abs=1e-12)


def test_alpha_edge_cases():
    assert krippendorff_alpha_interval(rows=[("A", 1, 2.0), ("B", 1, 2.0), ("A", 2, 4.0),
                                             ("B", 2, 4.0)]) == 1.0
    assert krippendorff_alpha_interval(rows=[("A", 1, 3.0), ("B", 1, 3.0)]) is None  # D_e 0
    assert krippendorff_alpha_interval(rows=[("A", 1, 3.0), ("A", 2, 4.0)]) is None
    assert krippendorff_alpha_interval(rows=[]) is None


# --- ranks -------------------------------------------------------------------------------

def test_competition_ranks_share_exact_ties():
    ranks = competition_ranks(items=[("d", 3), ("c", 2), ("a", 1), ("b", 2)])

    assert ranks == [("a", 1), ("b", 2), ("c", 2), ("d", 4)]


def _stats(entry_id, score, median=70.0, sd=5.0):
    return EntryStats(entry_id, 3, score, score, median, sd, 10.0, False, False)


def test_rank_entries_applies_the_published_tie_break_order():
    stats = [
        _stats("e1", 80.0),
        _stats("e2", 75.0), _stats("e3", 75.0),  # criterion mean 8 beats 7
        _stats("e4", 70.0 + 1e-9, median=72.0), _stats("e5", 70.0),  # noise: median decides
        _stats("e6", 60.0, sd=5.0), _stats("e7", 60.0, sd=3.0),  # lower SD wins
        _stats("e8", 50.0), _stats("e9", 50.0),  # equal on every level: shared, tied
        _stats("e10", None),
    ]
    tie_break = {"e2": 8.0, "e3": 7.0, "e4": 6.0, "e5": 6.0, "e6": 5.0, "e7": 5.0,
                 "e8": 4.0, "e9": 4.0}

    ranked = rank_entries(stats=stats, tie_break_values=tie_break)

    assert [(r.entry_id, r.rank, r.tied) for r in ranked] == [
        ("e1", 1, False), ("e2", 2, False), ("e3", 3, False), ("e4", 4, False),
        ("e5", 5, False), ("e7", 6, False), ("e6", 7, False), ("e8", 8, True),
        ("e9", 8, True), ("e10", None, False),
    ]


def test_rank_entries_rounds_to_4_decimals_before_comparing():
    stats = {"a": _stats("a", 0.1 + 0.2), "b": _stats("b", 0.3), "c": _stats("c", 0.3001)}

    ranked = rank_entries(stats=stats, tie_break_values={})

    # 0.30000000000000004 and 0.3 both round to 0.3; 0.3001 is really higher
    assert ranked == [RankedEntry("c", 1, 0.3001, False), RankedEntry("a", 2, 0.1 + 0.2, True),
                      RankedEntry("b", 2, 0.3, True)]


def test_missing_tie_break_value_loses_its_level():
    ranked = rank_entries(stats=[_stats("a", 60.0), _stats("b", 60.0)],
                          tie_break_values={"b": 1.0})

    assert [(r.entry_id, r.rank) for r in ranked] == [("b", 1), ("a", 2)]


def test_criterion_helpers():
    rows = [("A", "x", "significance", 4), ("B", "x", "significance", 5),
            ("A", "x", "novelty", 1), ("A", "y", "significance", 3)]
    criteria = [CriterionSpec("significance", 30, 1, 5), CriterionSpec("novelty", 15, 1, 5)]

    assert criterion_means(rows=rows, criterion_key="significance") == {"x": 4.5, "y": 3.0}
    assert highest_weight_criterion(criteria=criteria) == "significance"
    with pytest.raises(ValueError, match="share the highest weight"):
        highest_weight_criterion(criteria=[*criteria, CriterionSpec("impact", 30, 1, 5)])


# --- properties --------------------------------------------------------------------------

score_rows = st.lists(
    st.tuples(st.integers(0, 7), st.integers(0, 9),
              st.floats(0, 100, allow_nan=False).map(lambda v: round(v, 2))),
    max_size=60,
    unique_by=lambda row: (row[0], row[1]),
)


@settings(max_examples=150, deadline=None)
@given(rows=score_rows, seed=st.integers(0, 10**6))
def test_results_do_not_depend_on_row_order(rows, seed):
    shuffled = list(rows)
    random.Random(seed).shuffle(shuffled)

    for method in ("mean", "median", "trimmed_mean"):
        stats = entry_statistics(rows=rows, method=method, normalise=True, min_scores=2,
                                 sd_threshold=10.0, range_threshold=30.0)
        again = entry_statistics(rows=shuffled, method=method, normalise=True, min_scores=2,
                                 sd_threshold=10.0, range_threshold=30.0)
        assert stats == again
        assert rank_entries(stats=stats, tie_break_values={}) == rank_entries(
            stats=list(reversed(list(again.values()))), tie_break_values={}
        )
    assert normalise_totals(rows=rows, min_scores=2) == normalise_totals(rows=shuffled,
                                                                         min_scores=2)
    assert judge_bias(rows=rows) == judge_bias(rows=shuffled)
    assert krippendorff_alpha_interval(rows=rows) == krippendorff_alpha_interval(rows=shuffled)


@settings(max_examples=100, deadline=None)
@given(rows=score_rows)
def test_each_normalised_judge_gets_the_round_mean_and_sd(rows):
    normalised = normalise_totals(rows=rows, min_scores=2)
    totals = [total for _, _, total in rows]

    assert set(normalised) == {(judge, entry) for judge, entry, _ in rows}
    for judge in {judge for judge, _, _ in rows}:
        raw = [total for j, _, total in rows if j == judge]
        mine = [normalised[(j, e)] for j, e, _ in rows if j == judge]
        if len(raw) >= 2 and min(raw) != max(raw):
            assert statistics.fmean(mine) == pytest.approx(statistics.fmean(totals), abs=1e-6)
            assert statistics.pstdev(mine) == pytest.approx(statistics.pstdev(totals), abs=1e-6)
        else:
            assert mine == raw
    alpha = krippendorff_alpha_interval(rows=rows)
    if alpha is not None:  # None: too few pairable ratings
        assert alpha <= 1.0 + 1e-12


# --- GroupedRows: grouped once, same results --------------------------------------------

def test_grouped_rows_give_every_statistic_exactly_as_a_plain_list():
    rng = random.Random(7)
    rows = [(judge, entry, rng.randint(0, 200) / 2)
            for judge in range(6) for entry in range(12) if (judge + entry) % 3]
    grouped = GroupedRows(rows)

    assert entry_statistics(rows=grouped, sd_threshold=10, min_scores=3) == entry_statistics(
        rows=list(rows), sd_threshold=10, min_scores=3)
    assert normalise_totals(rows=grouped, min_scores=3) == normalise_totals(rows=rows,
                                                                             min_scores=3)
    assert judge_bias(rows=grouped) == judge_bias(rows=rows)
    assert krippendorff_alpha_interval(rows=grouped) == krippendorff_alpha_interval(rows=rows)
    assert sorted(grouped.groups) == [0, 1]


def test_grouped_rows_still_refuse_a_repeated_pair():
    with pytest.raises(ValueError, match="more than one row"):
        judge_bias(rows=GroupedRows([("A", "e1", 50.0), ("A", "e1", 60.0)]))
