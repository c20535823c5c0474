"""Tests for judging.maths.selection: Top N, passing grade, quotas, cut-off ties."""

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from judging.maths.selection import (
    NOT_SELECTED,
    PENDING,
    SELECTED,
    Candidate,
    Quota,
    proportional_minimums,
    select_top,
)


def cand(entry_id, rank, score=None, **clusters):
    return Candidate(entry_id, rank, 100.0 - rank if score is None else score, clusters)


def outcome(result):
    return [(d.entry_id, d.status, d.reason_code) for d in result.decisions]


def test_top_n_in_rank_order():
    ranked = [cand(e, r) for e, r in [("d", 4), ("a", 1), ("c", 3), ("b", 2), ("e", 5)]]

    result = select_top(ranked=ranked, n=3)

    assert outcome(result) == [
        ("a", SELECTED, "selected_rank"), ("b", SELECTED, "selected_rank"),
        ("c", SELECTED, "selected_rank"), ("d", NOT_SELECTED, "outside_top_n"),
        ("e", NOT_SELECTED, "outside_top_n"),
    ]
    assert result.decisions[3].params == {"rank": 4, "score": 96.0, "n": 3}
    assert (result.cutoff_tie, result.selected_ids) == (False, ("a", "b", "c"))


def test_passing_grade_alone_and_with_top_n():
    ranked = [cand("a", 1, 90.0), cand("b", 2, 86.0), cand("c", 3, 85.0),
              cand("d", 4, 84.99999999), cand("e", 5, 80.0)]  # d rounds to 85.0000: passes

    by_grade = select_top(ranked=ranked, passing_grade=85)
    both = select_top(ranked=ranked, n=2, passing_grade=85)

    assert by_grade.selected_ids == ("a", "b", "c", "d")
    assert by_grade.decisions[4].reason_code == "below_passing_grade"
    assert by_grade.decisions[4].params == {"rank": 5, "score": 80.0, "passing_grade": 85}
    assert outcome(both)[1:] == [
        ("b", SELECTED, "selected_rank"), ("c", NOT_SELECTED, "outside_top_n"),
        ("d", NOT_SELECTED, "outside_top_n"), ("e", NOT_SELECTED, "below_passing_grade"),
    ]


def test_quota_max_skips_an_entry_whose_cluster_is_full():
    ranked = [cand("a", 1, region="Sumatera"), cand("b", 2, region="Sumatera"),
              cand("c", 3, region="Jawa")]

    result = select_top(ranked=ranked, n=2, quotas=[Quota("region", "Sumatera", 0, 1)])

    assert outcome(result) == [
        ("a", SELECTED, "selected_rank"), ("b", NOT_SELECTED, "quota_max_reached"),
        ("c", SELECTED, "selected_rank"),
    ]
    assert result.decisions[1].params == {
        "rank": 2, "score": 98.0, "dimension": "region", "cluster": "Sumatera", "max_seats": 1,
    }


def test_last_seats_are_reserved_for_a_cluster_below_its_minimum():
    ranked = [cand("a", 1, region="Jawa"), cand("b", 2, region="Jawa"),
              cand("c", 3, region="Jawa"), cand("d", 4, region="Papua"),
              cand("e", 5, region="Jawa")]

    result = select_top(ranked=ranked, n=3, quotas=[Quota("region", "Papua", 1, None)])

    # a: 3 seats > 1 owed; b: 2 > 1; c: 1 seat == 1 owed and c fills nothing -> skipped;
    # d fills the Papua minimum; e: no seats left
    assert outcome(result) == [
        ("a", SELECTED, "selected_rank"), ("b", SELECTED, "selected_rank"),
        ("c", NOT_SELECTED, "reserved_for_quota_min"), ("d", SELECTED, "selected_quota_min"),
        ("e", NOT_SELECTED, "outside_top_n"),
    ]
    assert result.decisions[2].params["owed_clusters"] == (("region", "Papua"),)
    assert result.unmet_minimums == ()


def test_no_seat_is_held_for_a_minimum_nobody_can_fill():
    ranked = [cand("a", 1, region="Jawa"), cand("b", 2, region="Jawa"),
              cand("c", 3, region="Jawa", score=50.0), cand("p", 4, region="Papua", score=40.0)]

    result = select_top(ranked=ranked, n=2, passing_grade=60,
                        quotas=[Quota("region", "Papua", 1, 3)])

    # p is below the grade, so Papua can owe nothing and b keeps its seat
    assert result.selected_ids == ("a", "b")
    assert result.unmet_minimums == (("region", "Papua", 1, 0),)


def test_tie_inside_the_top_n_is_not_a_cutoff_tie():
    ranked = [cand("a", 1), cand("b", 1), cand("c", 3), cand("d", 4)]

    result = select_top(ranked=ranked, n=3)

    assert result.selected_ids == ("a", "b", "c")
    assert result.cutoff_tie is False


def test_tie_below_the_cut_is_simply_outside():
    ranked = [cand("a", 1), cand("b", 2), cand("c", 3), cand("d", 3)]

    result = select_top(ranked=ranked, n=2)

    assert [d.reason_code for d in result.decisions] == ["selected_rank"] * 2 + [
        "outside_top_n"] * 2
    assert result.cutoff_tie is False


RANKS_1_2_3_3_5 = [cand("a", 1), cand("b", 2), cand("c", 3), cand("d", 3), cand("e", 5)]


def test_cutoff_tie_is_left_to_the_panel():
    result = select_top(ranked=RANKS_1_2_3_3_5, n=3)

    assert outcome(result) == [
        ("a", SELECTED, "selected_rank"), ("b", SELECTED, "selected_rank"),
        ("c", PENDING, "cutoff_tie"), ("d", PENDING, "cutoff_tie"),
        ("e", NOT_SELECTED, "outside_top_n"),
    ]
    assert (result.cutoff_tie, result.tied_entry_ids, result.tie_seats) == (True, ("c", "d"), 1)
    assert result.decisions[2].params == {"rank": 3, "score": 97.0,
                                          "tied_entry_ids": ("c", "d"), "seats": 1}
    assert result.decisions[2].selected is False
    assert result.selected_ids == ("a", "b")


def test_panel_decision_resolves_the_cutoff_tie():
    result = select_top(ranked=RANKS_1_2_3_3_5, n=3, panel_decisions={"c": False, "d": True})

    assert outcome(result)[2:] == [
        ("c", NOT_SELECTED, "not_selected_panel"), ("d", SELECTED, "selected_panel"),
        ("e", NOT_SELECTED, "outside_top_n"),
    ]
    assert (result.cutoff_tie, result.selected_ids) == (False, ("a", "b", "d"))


@pytest.mark.parametrize(
    ("panel", "message"),
    [
        ({"c": True, "d": True}, "not a possible outcome: select 1"),  # two for one seat
        ({"c": False, "d": False}, "not a possible outcome"),  # the seat must be filled
        ({"c": True}, "must cover every tied entry"),
        ({"c": True, "d": False, "e": True}, "not in an unresolved tie"),
    ],
)
def test_inconsistent_panel_decisions_are_rejected(panel, message):
    with pytest.raises(ValueError, match=message):
        select_top(ranked=RANKS_1_2_3_3_5, n=3, panel_decisions=panel)


def test_only_entries_whose_outcome_depends_on_the_order_are_pending():
    ranked = [cand("a", 1, region="Jawa"), cand("x", 2, region="Papua"),
              cand("y1", 2, region="Jawa"), cand("y2", 2, region="Jawa"),
              cand("z", 5, region="Jawa")]

    result = select_top(ranked=ranked, n=3, quotas=[Quota("region", "Papua", 1, None)])

    # Before the tie: 2 seats, Papua owed 1. Order x,y1,y2 takes x and y1; order y1,y2,x
    # takes y1 (2 > 1), skips y2 (1 seat == 1 owed), takes x. So x is always in and
    # y1/y2 share one seat; every order ends with 0 seats and 1 Papua, so z is decided.
    assert outcome(result) == [
        ("a", SELECTED, "selected_rank"), ("x", SELECTED, "selected_rank"),
        ("y1", PENDING, "cutoff_tie"), ("y2", PENDING, "cutoff_tie"),
        ("z", NOT_SELECTED, "outside_top_n"),
    ]
    assert (result.tied_entry_ids, result.tie_seats) == (("y1", "y2"), 1)


def test_later_entries_wait_when_the_tie_changes_what_is_left_for_them():
    ranked = [cand("a", 1, region="Jawa", category="education"),
              cand("s1", 2, region="Sumatera", category="health"),
              cand("s2", 2, region="Sumatera", category="education"),
              cand("h", 4, region="Jawa", category="health")]
    quotas = [Quota("region", "Sumatera", 0, 1), Quota("category", "health", 0, 1)]

    pending = select_top(ranked=ranked, n=3, quotas=quotas)
    resolved = select_top(ranked=ranked, n=3, quotas=quotas,
                          panel_decisions={"s1": True, "s2": False})

    # If s1 wins, health is full and h is out; if s2 wins, h gets the third seat.
    assert outcome(pending) == [
        ("a", SELECTED, "selected_rank"), ("s1", PENDING, "cutoff_tie"),
        ("s2", PENDING, "cutoff_tie"), ("h", PENDING, "awaiting_panel"),
    ]
    assert outcome(resolved)[1:] == [
        ("s1", SELECTED, "selected_panel"), ("s2", NOT_SELECTED, "not_selected_panel"),
        ("h", NOT_SELECTED, "quota_max_reached"),
    ]


def test_large_tie_without_quotas_goes_to_the_panel_whole():
    ranked = [cand("a", 1)] + [cand(f"t{i}", 2) for i in range(10)] + [cand("z", 12)]

    result = select_top(ranked=ranked, n=4)

    assert result.tied_entry_ids == tuple(f"t{i}" for i in range(10))
    assert result.tie_seats == 3
    assert result.decisions[-1].reason_code == "outside_top_n"


def test_unscored_entries_are_listed_last_and_bad_input_is_rejected():
    result = select_top(ranked=[Candidate("u", None, None), cand("a", 1)], n=5)

    assert outcome(result) == [("a", SELECTED, "selected_rank"),
                               ("u", NOT_SELECTED, "not_scored")]
    with pytest.raises(ValueError, match="two quotas"):
        select_top(ranked=[], quotas=[Quota("r", "x", 0, 1), Quota("r", "x", 0, 2)])
    with pytest.raises(ValueError, match="min_seats <= max_seats"):
        select_top(ranked=[], quotas=[Quota("r", "x", 3, 2)])
    with pytest.raises(ValueError, match="n must be"):
        select_top(ranked=[], n=-1)


# --- properties --------------------------------------------------------------------------

QUOTAS = [Quota("region", "Sumatera", 1, 2), Quota("region", "Papua", 1, 1),
          Quota("type", "kota", 0, 2), Quota("type", "kabupaten", 1, None)]


@st.composite
def selections(draw):
    drawn = draw(st.lists(st.tuples(st.sampled_from([60.0, 70.0, 80.0, 90.0]),
                                    st.sampled_from(["Jawa", "Sumatera", "Papua"]),
                                    st.sampled_from(["kota", "kabupaten", "provinsi"])),
                          max_size=14))
    scores = [score for score, _, _ in drawn]
    ranks = {s: 1 + sum(1 for other in scores if other > s) for s in scores}
    ranked = [Candidate(i, ranks[s], s, {"region": r, "type": t})
              for i, (s, r, t) in enumerate(drawn)]
    n = draw(st.one_of(st.none(), st.integers(0, 8)))
    quotas = draw(st.lists(st.sampled_from(QUOTAS), unique=True))
    grade = draw(st.sampled_from([None, 70.0]))
    return ranked, n, quotas, grade


def _check_limits(result, ranked, n, quotas, grade):
    clusters = {c.entry_id: c.clusters for c in ranked}
    chosen = [clusters[i] for i in result.selected_ids]
    if n is not None:
        assert len(chosen) <= n
    for quota in quotas:
        taken = sum(1 for c in chosen if c.get(quota.dimension) == quota.cluster)
        if quota.max_seats is not None:
            assert taken <= quota.max_seats
    scores = {c.entry_id: c.score for c in ranked}
    if grade is not None:
        assert all(scores[i] >= grade for i in result.selected_ids)
    assert sorted(d.entry_id for d in result.decisions) == sorted(clusters)


def _resolve_first_tie(ranked, n, quotas, grade, panel):
    """Find one panel decision for the first tie that the rules accept."""
    result = select_top(ranked=ranked, n=n, passing_grade=grade, quotas=quotas,
                        panel_decisions=panel)
    first = next(d for d in result.decisions if d.reason_code == "cutoff_tie")
    tied, seats = first.params["tied_entry_ids"], first.params["seats"]
    for size in range(seats, -1, -1):
        for winners in itertools.combinations(tied, size):
            attempt = {**panel, **{i: i in winners for i in tied}}
            try:
                select_top(ranked=ranked, n=n, passing_grade=grade, quotas=quotas,
                           panel_decisions=attempt)
            except ValueError:
                continue
            return attempt
    raise AssertionError(f"no panel decision resolves the tie {tied}")


@settings(max_examples=150, deadline=None)
@given(case=selections(), seed=st.integers(0, 10**6))
def test_selection_respects_limits_and_input_order(case, seed):
    ranked, n, quotas, grade = case
    shuffled = list(ranked)
    random.Random(seed).shuffle(shuffled)

    result = select_top(ranked=ranked, n=n, passing_grade=grade, quotas=quotas)

    assert result == select_top(ranked=shuffled, n=n, passing_grade=grade,
                                quotas=list(reversed(quotas)))
    _check_limits(result, ranked, n, quotas, grade)
    panel = {}
    while result.cutoff_tie:
        panel = _resolve_first_tie(ranked, n, quotas, grade, panel)
        result = select_top(ranked=ranked, n=n, passing_grade=grade, quotas=quotas,
                            panel_decisions=panel)
        _check_limits(result, ranked, n, quotas, grade)
    assert all(d.status != PENDING for d in result.decisions)


# --- proportional minimums (largest remainder)


def test_proportional_minimums_share_the_seats_by_largest_remainder():
    # 10 seats over 50/30/20 entrants: exact shares 5, 3, 2.
    assert proportional_minimums(
        entrants={"Jawa": 50, "Sumatera": 30, "Papua": 20}, seats=10) == {
        "Jawa": 5, "Papua": 2, "Sumatera": 3}
    # 7 seats over 5/3/2: 3.5, 2.1, 1.4 -> floors 3, 2, 1 and the one seat left goes to
    # the largest remainder (0.5, Jawa); floor(seats × share) alone would give only 6.
    assert proportional_minimums(
        entrants={"Jawa": 5, "Sumatera": 3, "Papua": 2}, seats=7) == {
        "Jawa": 4, "Papua": 1, "Sumatera": 2}


def test_proportional_minimums_reserve_a_share_and_never_exceed_entrants():
    # Half of 10 seats reserved: 5 seats over 6/2 -> 3.75, 1.25 -> 4, 1.
    assert proportional_minimums(
        entrants={"kota": 6, "kabupaten": 2}, seats=10, reserve=0.5) == {
        "kabupaten": 1, "kota": 4}
    # 0.3 is read as 3/10: 10 × 0.3 is 3 seats, not 2 from binary rounding.
    assert sum(proportional_minimums(
        entrants={"a": 1, "b": 1, "c": 1}, seats=10, reserve=0.3).values()) == 3
    # More seats than entrants: each cluster at most its entrants; empty clusters left out.
    assert proportional_minimums(
        entrants={"a": 2, "b": 1, "c": 0}, seats=99) == {"a": 2, "b": 1}


def test_proportional_minimums_equal_remainders_go_to_the_larger_cluster_then_by_name():
    # 3 seats over 2/2/1 of 5: 1.2, 1.2, 0.6 -> floors 1, 1, 0; one seat left, largest
    # remainder 0.6 (c).
    assert proportional_minimums(entrants={"a": 2, "b": 2, "c": 1}, seats=3) == {
        "a": 1, "b": 1, "c": 1}
    # 1 seat over 1/1: remainders equal, sizes equal -> by name.
    assert proportional_minimums(entrants={"b": 1, "a": 1}, seats=1) == {
        "a": 1, "b": 0}


def test_proportional_minimums_refuse_bad_input():
    with pytest.raises(ValueError):
        proportional_minimums(entrants={"a": 1}, seats=-1)
    with pytest.raises(ValueError):
        proportional_minimums(entrants={"a": 1}, seats=1, reserve=1.5)
    assert proportional_minimums(entrants={}, seats=5) == {}
