"""Pure maths of judging: rubric totals, entry scores, judge calibration, flags,
reliability and ranks (the methods, in words: docs/judging.md).

No Django and no database here: services load a round's rows in one query and pass
plain data in. Ids are primary keys (hashable and mutually orderable, so results are
deterministic). A score row is ``(judge_id, entry_id, total)``; each (judge, entry) pair
may appear once. Everything is O(n log n) at worst in the number of rows.

Decisions that change results, fixed here once:

- Normalisation uses the *population* SD (pstdev, divide by n) for both the judge
  and the round: a judge's totals in a round are all of them, not a sample, and one
  definition on both sides means a normalised judge's totals have exactly the round's
  mean and SD.
- The disagreement SD of an entry is the *sample* SD (stdev, divide by n - 1):
  an entry's few judges are a sample of those who could have scored it (pstdev would
  understate their spread), and it equals a spreadsheet's STDEV.S, so the secretariat
  can check a flag by hand. It is None for a single judge.
- Ties are detected on values rounded to ``TIE_DECIMALS`` (4) decimals, so values that
  differ only by floating-point noise (a mean computed two ways) share a rank.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import getitem
from typing import Any

TIE_DECIMALS = 4
AGGREGATION_METHODS = ("mean", "median", "trimmed_mean")
TRIM_MIN_TOTALS = 5
NORMALISE_MIN_SCORES = 5


@dataclass(frozen=True, slots=True)
class CriterionSpec:
    """One rubric criterion: its weight and the scale judges score it on."""

    key: str
    weight: float
    min_value: float
    max_value: float

    def __post_init__(self) -> None:
        if not self.max_value > self.min_value:
            raise ValueError(
                f"criterion {self.key!r}: max_value {self.max_value} must be greater than "
                f"min_value {self.min_value}"
            )
        if not self.weight >= 0:  # written this way so NaN fails too
            raise ValueError(f"criterion {self.key!r}: weight {self.weight} must be >= 0")


@dataclass(frozen=True, slots=True)
class EntryStats:
    """Per-entry figures of one round. Descriptive values are over the raw totals the
    entry received (what judges actually gave); only ``score`` may be normalised."""

    entry_id: Hashable
    n_judges: int
    mean_raw: float | None
    score: float | None
    median: float | None
    sd: float | None  # sample SD (n - 1); None with fewer than 2 judges
    range: float | None
    too_few_judges: bool
    disagreement: bool


@dataclass(frozen=True, slots=True)
class RankedEntry:
    """An entry's place. ``rank`` is None for an entry without a score; ``tied`` means
    it still shares its rank after every tie-break and needs a panel decision."""

    entry_id: Hashable
    rank: int | None
    score: float | None
    tied: bool


def rubric_total(*, criteria: Sequence[CriterionSpec], values: Mapping[str, float]) -> float:
    """One judge's 0-100 total for one entry:
    T = 100 * sum(w_c * (s_c - min_c) / (max_c - min_c)) / sum(w_c).

    A weight-0 criterion (such as the summary) may be left unscored because it cannot
    change the total; if it is scored, its value is still range-checked."""
    keys = [criterion.key for criterion in criteria]
    if len(set(keys)) != len(keys):
        raise ValueError(f"duplicate criterion keys in {keys}")
    unknown = set(values) - set(keys)
    if unknown:
        raise ValueError(f"values given for unknown criteria: {sorted(unknown)}")
    weight_sum = math.fsum(float(criterion.weight) for criterion in criteria)
    if weight_sum == 0:
        raise ValueError("all criterion weights are zero, so the total is undefined")
    parts = []
    for criterion in criteria:
        value = values.get(criterion.key)
        if value is None:
            if criterion.weight == 0:
                continue
            raise ValueError(f"missing value for criterion {criterion.key!r}")
        if not criterion.min_value <= value <= criterion.max_value:
            raise ValueError(
                f"criterion {criterion.key!r}: value {value!r} is outside "
                f"[{criterion.min_value}, {criterion.max_value}]"
            )
        span = float(criterion.max_value) - float(criterion.min_value)
        parts.append(float(criterion.weight) * (float(value) - float(criterion.min_value)) / span)
    return 100.0 * math.fsum(parts) / weight_sum


def rubric_totals(
    *, criteria: Sequence[CriterionSpec],
    pairs: Iterable[tuple[Hashable, Mapping[str, float]]],
) -> dict[Hashable, float]:
    """``rubric_total`` for many (key, values) pairs at once: {key: total}, in the order
    given. The same checks and exactly the same floating-point operations (so the same
    totals to the last bit), with the per-criterion constants worked out once."""
    keys = [criterion.key for criterion in criteria]
    weight_sum = math.fsum(float(criterion.weight) for criterion in criteria)
    known = set(keys)
    specs = [(c.key, float(c.weight), float(c.min_value),
              float(c.max_value) - float(c.min_value), c.min_value, c.max_value, c.weight == 0)
             for c in criteria]
    totals: dict[Hashable, float] = {}
    for pair, values in pairs:
        # rubric_total's checks, raised as it would on its first call (never without one).
        if len(known) != len(keys):
            raise ValueError(f"duplicate criterion keys in {keys}")
        if not values.keys() <= known:
            raise ValueError(f"values given for unknown criteria: {sorted(set(values) - known)}")
        if weight_sum == 0:
            raise ValueError("all criterion weights are zero, so the total is undefined")
        parts = []
        for key, weight, low, span, min_value, max_value, optional in specs:
            value = values.get(key)
            if value is None:
                if optional:
                    continue
                raise ValueError(f"missing value for criterion {key!r}")
            if not min_value <= value <= max_value:
                raise ValueError(
                    f"criterion {key!r}: value {value!r} is outside [{min_value}, {max_value}]"
                )
            parts.append(weight * (float(value) - low) / span)
        totals[pair] = 100.0 * math.fsum(parts) / weight_sum
    return totals


class TextTotals:
    """``rubric_total`` for many pairs whose values arrive as decimal texts (the value is
    ``float(text)``) in a few fixed layouts: ``layout(keys)`` gives, for pairs whose
    values come in the order of the criterion ``keys``, a function from their texts to
    the total. Each part ``w_c * (s_c - min_c) / (max_c - min_c)`` is computed once per
    distinct (criterion, text) and the parts are added with ``math.fsum`` (correctly
    rounded, so in any order): the same totals to the last bit. The same checks too,
    raised by ``rubric_totals`` itself on the first pair of a layout and on the first
    pair bringing a new text for a criterion, so a bad pair raises what it raised."""

    def __init__(self, criteria: Sequence[CriterionSpec]) -> None:
        self.criteria = list(criteria)
        self.weight_sum = math.fsum(float(criterion.weight) for criterion in criteria)
        self.specs = {c.key: (float(c.weight), float(c.min_value),
                              float(c.max_value) - float(c.min_value)) for c in criteria}
        self.parts: dict[str, dict[str, float]] = {key: {} for key in self.specs}

    def layout(self, keys: Sequence[str]):
        keys = tuple(keys)
        if len(set(keys)) != len(keys):
            # A key given twice: as a mapping of the values in the order given (the
            # last one counts), through rubric_totals itself.
            def total_of_mapping(texts: Sequence[str]) -> float:
                values = dict(zip(keys, map(float, texts), strict=True))
                return rubric_totals(criteria=self.criteria, pairs=[(None, values)])[None]

            return total_of_mapping
        checked = False
        tables = [self.parts.get(key, {}) for key in keys]
        fsum, weight_sum = math.fsum, self.weight_sum

        def total(texts: Sequence[str]) -> float:
            nonlocal checked
            if checked:
                try:
                    return 100.0 * fsum(map(getitem, tables, texts)) / weight_sum
                except KeyError:
                    pass  # a text not seen yet for one of the criteria: check it first
            values = dict(zip(keys, map(float, texts), strict=True))
            rubric_totals(criteria=self.criteria, pairs=[(None, values)])  # raises if bad
            checked = True
            for key, table, text in zip(keys, tables, texts, strict=True):
                if text not in table:
                    weight, low, span = self.specs[key]
                    table[text] = weight * (float(text) - low) / span
            return 100.0 * fsum(map(getitem, tables, texts)) / weight_sum

        return total


def aggregate_entry(*, totals: Iterable[float | None], method: str = "mean") -> float | None:
    """Combine the totals one entry received. None items are missing scores and are
    left out (never counted as zero); with no totals at all the result is None.
    ``trimmed_mean`` drops one highest and one lowest only from 5 totals upwards."""
    if method not in AGGREGATION_METHODS:
        raise ValueError(f"unknown aggregation method {method!r}; use one of {AGGREGATION_METHODS}")
    present = [float(total) for total in totals if total is not None]
    if not present:
        return None
    if method == "median":
        return float(statistics.median(present))
    if method == "trimmed_mean" and len(present) >= TRIM_MIN_TOTALS:
        present.sort()
        present = present[1:-1]
    return statistics.fmean(present)


class GroupedRows(list):
    """A list of (judge_id, entry_id, value) rows that keeps its groupings by judge and
    by entry once made, so the functions below, given the same rows, group and check
    them once instead of once each. Do not change it after the first use."""

    __slots__ = ("groups", "entry_spreads")

    def __init__(self, rows=()):
        super().__init__(rows)
        self.groups: dict[int, dict[Hashable, list[tuple]]] = {}
        # {entry_id: sum of squared deviations of its totals}, kept by entry_statistics
        # for krippendorff_alpha_interval (the same values, so the same sums).
        self.entry_spreads: dict[Hashable, float] | None = None


def _group_rows(rows: Iterable[Sequence[Any]], *, by: int) -> dict[Hashable, list[tuple]]:
    """Group (judge_id, entry_id, value) rows by judge (by=0) or entry (by=1) in one
    pass, rejecting a repeated (judge, entry) pair and non-finite values. The groups are
    read, never changed, by every caller (GroupedRows hands out the same ones again;
    it makes both groupings in the same pass, the first time either is asked for)."""
    if isinstance(rows, GroupedRows):
        found = rows.groups.get(by)
        if found is None:
            rows.groups[0], rows.groups[1] = _group_both(iter(rows))
            found = rows.groups[by]
        return found
    return _group_both(rows)[by]


def _group_both(rows: Iterable[Sequence[Any]]) -> tuple[dict, dict]:
    """(rows by judge, rows by entry) of _group_rows, in one pass. A row that is already
    a (judge_id, entry_id, float) tuple is kept as it is (the same values)."""
    seen: set[tuple[Hashable, Hashable]] = set()
    by_judge: dict[Hashable, list[tuple]] = defaultdict(list)
    by_entry: dict[Hashable, list[tuple]] = defaultdict(list)
    isfinite = math.isfinite
    for row in rows:
        judge_id, entry_id, value = row
        pair = (judge_id, entry_id)
        if pair in seen:
            raise ValueError(f"judge {judge_id!r} has more than one row for entry {entry_id!r}")
        seen.add(pair)
        if value is None:
            continue  # a missing rating, not a zero
        if not isfinite(value):
            raise ValueError(f"row {pair!r} has a non-finite value {value!r}")
        if type(row) is not tuple or type(value) is not float:
            row = (judge_id, entry_id, float(value))
        by_judge[judge_id].append(row)
        by_entry[entry_id].append(row)
    return by_judge, by_entry


def _sum_squared_deviations(values: Sequence[float]) -> float:
    """Sum of squared deviations from the mean (two passes, fsum: exact to rounding and
    independent of order). Identical values give exactly 0, so "no spread" is seen
    reliably. statistics.pvariance agrees but works in exact fractions, far slower."""
    if min(values) == max(values):
        return 0.0
    mean = math.fsum(values) / len(values)
    return math.fsum((value - mean) ** 2 for value in values)


def _pstdev(values: Sequence[float]) -> float:
    return math.sqrt(_sum_squared_deviations(values) / len(values))


def _stdev(values: Sequence[float]) -> float | None:
    if len(values) < 2:
        return None
    return math.sqrt(_sum_squared_deviations(values) / (len(values) - 1))


def normalise_totals(
    *, rows: Iterable[tuple[Hashable, Hashable, float]], min_scores: int = NORMALISE_MIN_SCORES
) -> dict[tuple[Hashable, Hashable], float]:
    """Correct judge severity: per judge z = (T - mu_r) / sigma_r, mapped back to
    T' = mu + sigma * z with mu and sigma over all totals of the round (population SDs).
    A judge with fewer than ``min_scores`` totals or sigma_r == 0 keeps raw totals,
    because a z-score from so little or no spread would be noise. Normalised totals
    are not clipped to 0-100: a harsh judge's best entry may map above 100.
    Returns {(judge_id, entry_id): total} for every row with a total."""
    by_judge = _group_rows(rows, by=0)
    scales = _judge_scales(by_judge, min_scores)
    if scales is None:
        return {}
    mu, sigma, per_judge = scales
    result: dict[tuple[Hashable, Hashable], float] = {}
    for judge, judge_rows in by_judge.items():
        scale = per_judge[judge]
        if scale is None:
            result.update(((judge, entry), total) for judge, entry, total in judge_rows)
            continue
        mu_r, sigma_r = scale
        for judge, entry, total in judge_rows:
            result[(judge, entry)] = mu + sigma * (total - mu_r) / sigma_r
    return result


def _judge_scales(by_judge, min_scores):
    """(mu, sigma, {judge: (mu_r, sigma_r) or None when kept raw}) of normalise_totals
    for rows grouped by judge; None when there is no total at all."""
    all_totals = [total for judge_rows in by_judge.values() for _, _, total in judge_rows]
    if not all_totals:
        return None
    mu = statistics.fmean(all_totals)
    sigma = _pstdev(all_totals)
    per_judge: dict[Hashable, tuple[float, float] | None] = {}
    for judge, judge_rows in by_judge.items():
        totals = [total for _, _, total in judge_rows]
        sigma_r = _pstdev(totals) if len(totals) >= min_scores else 0.0
        per_judge[judge] = None if sigma_r == 0 else (statistics.fmean(totals), sigma_r)
    return mu, sigma, per_judge


def judges_kept_raw(
    *, rows: Iterable[tuple[Hashable, Hashable, float]], min_scores: int = NORMALISE_MIN_SCORES
) -> dict[Hashable, str]:
    """The judges normalise_totals leaves raw, and why: {judge_id: "too_few_scores" |
    "no_spread"} (the same rule as normalise_totals)."""
    kept: dict[Hashable, str] = {}
    for judge, judge_rows in _group_rows(rows, by=0).items():
        totals = [total for _, _, total in judge_rows]
        if len(totals) < min_scores:
            kept[judge] = "too_few_scores"
        elif _pstdev(totals) == 0:
            kept[judge] = "no_spread"
    return kept


def judge_bias(*, rows: Iterable[tuple[Hashable, Hashable, float]]) -> dict[Hashable, float]:
    """Per judge b_r = mean over the judge's entries of (T_rj - mean total of entry j):
    positive is lenient, negative severe. Suits judges who saw different pools."""
    by_entry = _group_rows(rows, by=1)
    deviations: dict[Hashable, list[float]] = defaultdict(list)
    for entry_rows in by_entry.values():
        entry_mean = statistics.fmean(total for _, _, total in entry_rows)
        for judge, _, total in entry_rows:
            deviations[judge].append(total - entry_mean)
    return {judge: statistics.fmean(values) for judge, values in deviations.items()}


def entry_statistics(
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
    are reported (and flagged too_few_judges) instead of silently missing.

    One pass per entry with the same floating-point operations as aggregate_entry,
    statistics.fmean / median, _stdev and normalise_totals (so the same figures to the
    last bit): the mean ``fsum(raw) / n`` once for the mean, the SD and a mean score,
    the sorted totals once for the median, each normalised total from its judge's
    (mu_r, sigma_r) as normalise_totals computes it."""
    if method not in AGGREGATION_METHODS:
        raise ValueError(f"unknown aggregation method {method!r}; use one of {AGGREGATION_METHODS}")
    rows = rows if isinstance(rows, GroupedRows) else list(rows)
    by_entry = _group_rows(rows, by=1)
    per_judge = None
    if normalise:
        scales = _judge_scales(_group_rows(rows, by=0), min_scores)
        if scales is not None:
            mu, sigma, per_judge = scales
    fsum, sqrt = math.fsum, math.sqrt
    sd_limit = math.inf if sd_threshold is None else sd_threshold
    range_limit = math.inf if range_threshold is None else range_threshold
    spreads: dict[Hashable, float] = {}
    result: dict[Hashable, EntryStats] = {}
    ids = set(by_entry)
    ids.update(entry_ids)
    for entry_id in sorted(ids):
        entry_rows = by_entry.get(entry_id)
        if not entry_rows:
            result[entry_id] = EntryStats(entry_id, 0, None, None, None, None, None,
                                          min_judges > 0, False)
            continue
        raw = [total for _, _, total in entry_rows]
        n = len(raw)
        ordered = sorted(raw)
        low, high = min(raw), max(raw)
        mean = fsum(raw) / n
        # _sum_squared_deviations: exactly 0 without spread.
        squares = 0.0 if low == high else fsum([(value - mean) ** 2 for value in raw])
        spreads[entry_id] = squares
        half = n // 2
        median = ordered[half] if n % 2 else (ordered[half - 1] + ordered[half]) / 2
        spread = high - low
        if n < 2:
            sd = None
            disagreement = spread > range_limit
        else:
            sd = sqrt(squares / (n - 1))
            disagreement = sd > sd_limit or spread > range_limit
        if per_judge is None:
            if method == "mean" or (method == "trimmed_mean" and n < TRIM_MIN_TOTALS):
                score = mean
            elif method == "median":
                score = median
            else:
                score = statistics.fmean(ordered[1:-1])
        else:
            scored = []
            for judge, _entry, total in entry_rows:
                scale = per_judge[judge]
                scored.append(total if scale is None
                              else mu + sigma * (total - scale[0]) / scale[1])
            score = aggregate_entry(totals=scored, method=method)
        result[entry_id] = EntryStats(entry_id, n, mean, score, median, sd, spread,
                                      n < min_judges, disagreement)
    if isinstance(rows, GroupedRows):
        rows.entry_spreads = spreads
    return result


def krippendorff_alpha_interval(
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
    by_entry = _group_rows(rows, by=1)
    units = {entry: unit_rows for entry, unit_rows in by_entry.items() if len(unit_rows) >= 2}
    if not units:
        return None
    values = [value for unit_rows in units.values() for _, _, value in unit_rows]
    n = len(values)
    expected = 2.0 * _sum_squared_deviations(values) / (n - 1)
    if expected == 0:
        return None
    # Each unit's sum of squared deviations, as entry_statistics found it for the same
    # rows (GroupedRows) or computed here.
    known = rows.entry_spreads if isinstance(rows, GroupedRows) else None
    if known is None or not units.keys() <= known.keys():
        known = {entry: _sum_squared_deviations([value for _, _, value in unit_rows])
                 for entry, unit_rows in units.items()}
    observed = math.fsum([
        2.0 * len(unit_rows) * known[entry] / (len(unit_rows) - 1)
        for entry, unit_rows in units.items()
    ]) / n
    return 1.0 - observed / expected


def competition_ranks(*, items: Iterable[tuple[Hashable, Any]]) -> list[tuple[Hashable, int]]:
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


def _higher_first(value: float | None) -> tuple[int, float]:
    # A missing value sorts after every present one at that tie-break level.
    return (1, 0.0) if value is None else (0, -round(value, TIE_DECIMALS))


def _lower_first(value: float | None) -> tuple[int, float]:
    return (1, 0.0) if value is None else (0, round(value, TIE_DECIMALS))


def rank_entries(
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
            _higher_first(item.score),
            _higher_first(tie_break_values.get(item.entry_id)),
            _higher_first(item.median),
            _lower_first(item.sd),
        )
        for item in scored
    }
    ranks = competition_ranks(items=keys.items())
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


def criterion_means(
    *, rows: Iterable[tuple[Hashable, Hashable, str, float]], criterion_key: str
) -> dict[Hashable, float]:
    """Mean value of one criterion per entry from (judge_id, entry_id, criterion_key,
    value) rows, e.g. the highest-weight criterion for ``rank_entries``."""
    values: dict[Hashable, list[float]] = defaultdict(list)
    for _, entry_id, key, value in rows:
        if key == criterion_key and value is not None:
            values[entry_id].append(float(value))
    return {entry_id: statistics.fmean(entry_values) for entry_id, entry_values in values.items()}


def highest_weight_criterion(*, criteria: Sequence[CriterionSpec]) -> str:
    """Key of the single highest-weight criterion; a shared top weight is an error
    because the published tie-break would then be ambiguous."""
    if not criteria:
        raise ValueError("the rubric has no criteria")
    top = max(criterion.weight for criterion in criteria)
    keys = [criterion.key for criterion in criteria if criterion.weight == top]
    if len(keys) > 1:
        raise ValueError(f"criteria {keys} share the highest weight; the tie-break is ambiguous")
    return keys[0]
