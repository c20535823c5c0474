"""The per-entry maths of judging.maths.scoring as it was before it was rewritten for speed
(one pass per entry, the normalised totals from each judge's scale, alpha reusing the
entries' sums of squares), kept here as the reference: the rewritten functions must give
exactly the same figures, to the last bit, on any rows."""

from __future__ import annotations

import math
import random
import statistics
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from judging.maths.scoring import (
    AGGREGATION_METHODS,
    NORMALISE_MIN_SCORES,
    TIE_DECIMALS,
    EntryStats,
    GroupedRows,
    RankedEntry,
    _group_rows,
    aggregate_entry,
    entry_statistics,
    krippendorff_alpha_interval,
    normalise_totals,
    rank_entries,
)

# --- the reference: the code before the rewrite ------------------------------------------

def _old_sum_squared_deviations(values: Sequence[float]) -> float:
    """Sum of squared deviations from the mean (two passes, fsum: exact to rounding and
    independent of order). Identical values give exactly 0, so "no spread" is seen
    reliably. statistics.pvariance agrees but works in exact fractions, far slower."""
    if min(values) == max(values):
        return 0.0
    mean = math.fsum(values) / len(values)
    return math.fsum((value - mean) ** 2 for value in values)


def _old_pstdev(values: Sequence[float]) -> float:
    return math.sqrt(_old_sum_squared_deviations(values) / len(values))


def _old_stdev(values: Sequence[float]) -> float | None:
    if len(values) < 2:
        return None
    return math.sqrt(_old_sum_squared_deviations(values) / (len(values) - 1))


def old_normalise_totals(
    *, rows: Iterable[tuple[Hashable, Hashable, float]], min_scores: int = NORMALISE_MIN_SCORES
) -> dict[tuple[Hashable, Hashable], float]:
    """Correct judge severity: per judge z = (T - mu_r) / sigma_r, mapped back to
    T' = mu + sigma * z with mu and sigma over all totals of the round (population SDs).
    A judge with fewer than ``min_scores`` totals or sigma_r == 0 keeps raw totals,
    because a z-score from so little or no spread would be noise. Normalised totals
    are not clipped to 0-100: a harsh judge's best entry may map above 100.
    Returns {(judge_id, entry_id): total} for every row with a total."""
    by_judge = _group_rows(rows, by=0)
    all_totals = [total for judge_rows in by_judge.values() for _, _, total in judge_rows]
    if not all_totals:
        return {}
    mu = statistics.fmean(all_totals)
    sigma = _old_pstdev(all_totals)
    result: dict[tuple[Hashable, Hashable], float] = {}
    for judge_rows in by_judge.values():
        totals = [total for _, _, total in judge_rows]
        sigma_r = _old_pstdev(totals) if len(totals) >= min_scores else 0.0
        if sigma_r == 0:
            result.update(((judge, entry), total) for judge, entry, total in judge_rows)
            continue
        mu_r = statistics.fmean(totals)
        for judge, entry, total in judge_rows:
            result[(judge, entry)] = mu + sigma * (total - mu_r) / sigma_r
    return result


def old_entry_statistics(
    *,
    rows: Iterable[tuple[Hashable, Hashable, float]],
    method: str = "mean",
    normalise: bool = True,
    min_judges: int = 3,
    sd_threshold: float | None = None,
    range_threshold: float | None = None,
    min_scores: int = NORMALISE_MIN_SCORES,
    entry_ids: Iterable[Hashable] = (),
) -> dict[Hashable, EntryStats]:
    """Per-entry figures of a round, keyed and ordered by entry id.

    ``score`` aggregates normalised totals (when ``normalise``) with ``method``; the
    other figures use raw totals. ``disagreement`` is set when the sample SD passes
    ``sd_threshold`` or the range passes ``range_threshold`` (strictly greater; None
    disables a check). ``entry_ids`` adds entries that received no rows yet, so they
    are reported (and flagged too_few_judges) instead of silently missing."""
    if method not in AGGREGATION_METHODS:
        raise ValueError(f"unknown aggregation method {method!r}; use one of {AGGREGATION_METHODS}")
    rows = rows if isinstance(rows, GroupedRows) else list(rows)
    by_entry = _group_rows(rows, by=1)
    normalised = old_normalise_totals(rows=rows, min_scores=min_scores) if normalise else None
    result: dict[Hashable, EntryStats] = {}
    for entry_id in sorted(set(by_entry) | set(entry_ids)):
        entry_rows = by_entry.get(entry_id, [])
        raw = [total for _, _, total in entry_rows]
        if normalised is None:
            scored = raw
        else:
            scored = [normalised[(judge, entry)] for judge, entry, _ in entry_rows]
        sd = _old_stdev(raw)
        spread = max(raw) - min(raw) if raw else None
        disagreement = (sd_threshold is not None and sd is not None and sd > sd_threshold) or (
            range_threshold is not None and spread is not None and spread > range_threshold
        )
        result[entry_id] = EntryStats(
            entry_id=entry_id,
            n_judges=len(raw),
            mean_raw=statistics.fmean(raw) if raw else None,
            score=aggregate_entry(totals=scored, method=method),
            median=float(statistics.median(raw)) if raw else None,
            sd=sd,
            range=spread,
            too_few_judges=len(raw) < min_judges,
            disagreement=disagreement,
        )
    return result


def old_krippendorff_alpha_interval(
    *, rows: Iterable[tuple[Hashable, Hashable, float | None]]
) -> float | None:
    """Krippendorff's alpha, interval metric, for (judge_id, entry_id, value) rows with
    missing ratings allowed (None values and absent rows). Entries with fewer than two
    ratings are not pairable and are ignored.

    alpha = 1 - D_o / D_e over the coincidence matrix. With the squared difference
    metric both sums of pairs collapse to sums of squared deviations, so no pairs are
    enumerated: for a unit of m values, sum over ordered pairs (v_i - v_j)^2 = 2 m SS_u,
    hence D_o = (1/n) sum_u 2 m_u SS_u / (m_u - 1) and D_e = 2 SS / (n - 1), where n and
    SS are over all pairable values. Returns None when no unit is pairable or D_e == 0
    (every value the same: agreement is undefined, not perfect)."""
    units = [
        [value for _, _, value in unit_rows]
        for unit_rows in _group_rows(rows, by=1).values()
        if len(unit_rows) >= 2
    ]
    if not units:
        return None
    n = sum(len(values) for values in units)
    expected = 2.0 * _old_sum_squared_deviations([v for values in units for v in values]) / (n - 1)
    if expected == 0:
        return None
    observed = math.fsum(
        2.0 * len(values) * _old_sum_squared_deviations(values) / (len(values) - 1)
        for values in units
    ) / n
    return 1.0 - observed / expected


def old_competition_ranks(*, items: Iterable[tuple[Hashable, Any]]) -> list[tuple[Hashable, int]]:
    """Standard competition ranks ("1224") for (item_id, sort_key) pairs: a smaller key
    ranks first (negate values to rank high first) and exactly equal keys share a rank.
    Returns (item_id, rank) in rank order, tied items by id."""
    ordered = sorted(items, key=lambda item: (item[1], item[0]))
    ids = [item_id for item_id, _ in ordered]
    if len(set(ids)) != len(ids):
        raise ValueError("item ids must be unique")
    ranks: list[tuple[Hashable, int]] = []
    rank = 0
    previous_key: Any = None
    for position, (item_id, key) in enumerate(ordered, start=1):
        if position == 1 or key != previous_key:
            rank = position
        ranks.append((item_id, rank))
        previous_key = key
    return ranks


def _old_higher_first(value: float | None) -> tuple[int, float]:
    # A missing value sorts after every present one at that tie-break level.
    return (1, 0.0) if value is None else (0, -round(value, TIE_DECIMALS))


def _old_lower_first(value: float | None) -> tuple[int, float]:
    return (1, 0.0) if value is None else (0, round(value, TIE_DECIMALS))


def old_rank_entries(
    *,
    stats: Iterable[EntryStats] | Mapping[Hashable, EntryStats],
    tie_break_values: Mapping[Hashable, float | None],
) -> list[RankedEntry]:
    """Rank entries by the published order: score (normalised mean) desc, then the
    mean of the highest-weight criterion desc (``tie_break_values``, see
    ``criterion_means``), then median desc, then lower SD. Each level is compared
    rounded to 4 decimals; a missing value loses at its level. Entries still equal share
    the rank and are flagged ``tied``. Entries without a score come last, rank None."""
    items = list(stats.values()) if isinstance(stats, Mapping) else list(stats)
    scored = [item for item in items if item.score is not None]
    keys = {
        item.entry_id: (
            _old_higher_first(item.score),
            _old_higher_first(tie_break_values.get(item.entry_id)),
            _old_higher_first(item.median),
            _old_lower_first(item.sd),
        )
        for item in scored
    }
    ranks = old_competition_ranks(items=keys.items())
    rank_sizes: dict[int, int] = defaultdict(int)
    for _, rank in ranks:
        rank_sizes[rank] += 1
    by_id = {item.entry_id: item for item in items}
    ranked = [
        RankedEntry(entry_id, rank, by_id[entry_id].score, rank_sizes[rank] > 1)
        for entry_id, rank in ranks
    ]
    unscored = sorted(item.entry_id for item in items if item.score is None)
    ranked.extend(RankedEntry(entry_id, None, None, False) for entry_id in unscored)
    return ranked


# --- the same figures, bit for bit --------------------------------------------------------

# Totals as finalising makes them (multiples of 1/16 and arbitrary floats), few distinct
# values so that ties, equal totals (no spread) and shared ranks are common.
totals = st.one_of(
    st.integers(0, 1600).map(lambda v: v / 16),
    st.floats(0, 100, allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, 50.0, 62.5, 100.0]),
)
score_rows = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 12), totals),
    max_size=80,
    unique_by=lambda row: (row[0], row[1]),
)
thresholds = st.one_of(st.none(), st.floats(0, 40, allow_nan=False), st.sampled_from([0.0, 10.0]))


def bits(value):
    """A float's exact bits (so 0.0 and -0.0 differ, as == would not show)."""
    return value if not isinstance(value, float) else (value.hex(), math.copysign(1, value))


def exact(stats):
    return {entry: tuple(bits(getattr(s, name)) for name in EntryStats.__slots__)
            for entry, s in stats.items()}


@settings(max_examples=300, deadline=None)
@given(rows=score_rows, method=st.sampled_from(AGGREGATION_METHODS), normalise=st.booleans(),
       min_judges=st.integers(0, 4), sd_threshold=thresholds, range_threshold=thresholds,
       min_scores=st.integers(1, 6), extra=st.lists(st.integers(0, 15), max_size=4),
       grouped=st.booleans(), seed=st.integers(0, 10**6))
def test_entry_statistics_rank_and_alpha_are_bit_identical_to_the_reference(
        rows, method, normalise, min_judges, sd_threshold, range_threshold, min_scores, extra,
        grouped, seed):
    random.Random(seed).shuffle(rows)
    options = {"method": method, "normalise": normalise, "min_judges": min_judges,
               "sd_threshold": sd_threshold, "range_threshold": range_threshold,
               "min_scores": min_scores, "entry_ids": extra}
    given_rows = GroupedRows(rows) if grouped else rows
    stats = entry_statistics(rows=given_rows, **options)
    reference = old_entry_statistics(rows=list(rows), **options)

    assert list(stats) == list(reference)
    assert exact(stats) == exact(reference)
    tie_break = {entry: value for _judge, entry, value in rows[::2]}
    assert rank_entries(stats=stats, tie_break_values=tie_break) == old_rank_entries(
        stats=reference, tie_break_values=tie_break)
    assert rank_entries(stats=list(stats.values())[::-1], tie_break_values={}) == (
        old_rank_entries(stats=list(reference.values())[::-1], tie_break_values={}))
    # Alpha after entry_statistics (GroupedRows then hands it the entries' sums) and alone.
    assert bits(krippendorff_alpha_interval(rows=given_rows)) == bits(
        old_krippendorff_alpha_interval(rows=rows))
    assert bits(krippendorff_alpha_interval(rows=list(rows))) == bits(
        old_krippendorff_alpha_interval(rows=rows))
    normalised = normalise_totals(rows=given_rows, min_scores=min_scores)
    assert {pair: bits(v) for pair, v in normalised.items()} == {
        pair: bits(v) for pair, v in old_normalise_totals(rows=rows, min_scores=min_scores).items()}
