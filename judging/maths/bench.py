"""Timings of the judging maths at national scale; run ``python -m judging.maths.bench``
(``make bench-maths``; ``--entries``, ``--judges``, ``--k`` and ``--criteria`` change the size).

Synthetic round: 3,500 entries, 100 judges, 3 judges per entry, 8 criteria, so 10,500
rubric totals from 84,000 criterion scores. Prints figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import time
from contextlib import contextmanager

from judging.maths.assignments import EntryRef, JudgeRef, assign_judges
from judging.maths.scoring import (
    CriterionSpec,
    criterion_means,
    entry_statistics,
    highest_weight_criterion,
    krippendorff_alpha_interval,
    rank_entries,
    rubric_total,
)
from judging.maths.selection import Candidate, Quota, select_top

ENTRIES, JUDGES, JUDGES_PER_ENTRY, AGENCIES, PROVINCES = 3_500, 100, 3, 339, 38
RUBRIC = [  # 2023 general group plus the unweighted summary
    CriterionSpec("summary", 0, 1, 10), CriterionSpec("background", 10, 1, 10),
    CriterionSpec("novelty", 15, 1, 10), CriterionSpec("implementation", 5, 1, 10),
    CriterionSpec("significance", 30, 1, 10), CriterionSpec("adaptability", 20, 1, 10),
    CriterionSpec("resources", 5, 1, 10), CriterionSpec("sustainability", 15, 1, 10),
]
AGENCY_TYPES = ["kementerian", "lembaga", "provinsi", "kabupaten", "kota", "bumn", "bumd"]
REGION_GROUPS = ["Sumatera", "Jawa", "Kalimantan", "Sulawesi", "Bali-Nusa", "Maluku", "Papua"]
CATEGORIES = ["poverty", "education", "health", "food", "economy", "community", "gender",
              "environment", "governance", "law"]


def rubric(criteria: int) -> list[CriterionSpec]:
    """The 2023 desk rubric at 8 criteria; otherwise ``criteria`` criteria whose first
    weighs most (the published tie-break needs one highest-weight criterion)."""
    if criteria == len(RUBRIC):
        return RUBRIC
    return [CriterionSpec(f"k{i}", weight, 1, 10)
            for i, weight in enumerate(weights(criteria), 1)]


def weights(criteria: int) -> list[int]:
    """``criteria`` integer weights summing to 100, the first one the only highest."""
    rest = 100 // (criteria + 1)
    return [100 - rest * (criteria - 1)] + [rest] * (criteria - 1)


@contextmanager
def timed(label: str, results: dict):
    start = time.perf_counter()
    yield
    results[label] = time.perf_counter() - start


def main(seed: int = 2025, *, entries_n: int = ENTRIES, judges_n: int = JUDGES,
         k: int = JUDGES_PER_ENTRY, criteria: int = len(RUBRIC)) -> None:
    rng = random.Random(seed)
    specs = rubric(criteria)
    results: dict[str, float] = {}
    entries = [
        EntryRef(e, rng.randrange(AGENCIES), f"{rng.randrange(PROVINCES):02d}")
        for e in range(entries_n)
    ]
    judges = [
        JudgeRef(
            j,
            agency_ids=frozenset(rng.sample(range(AGENCIES), rng.randint(0, 2))),
            province_codes=frozenset({f"{rng.randrange(PROVINCES):02d}"}),
        )
        for j in range(judges_n)
    ]
    with timed(f"assign_judges (k={k})", results):
        plan = assign_judges(entries=entries, judges=judges, k=k, seed=seed)

    quality = {e.id: rng.gauss(6.0, 1.5) for e in entries}
    severity = {j.id: rng.gauss(0.0, 0.8) for j in judges}
    criterion_rows, values_by_pair = [], {}
    for judge_id, entry_id in plan.assignments:
        values = {
            c.key: min(10, max(1, round(quality[entry_id] + severity[judge_id] + rng.gauss(0, 1))))
            for c in specs
        }
        values_by_pair[(judge_id, entry_id)] = values
        criterion_rows.extend((judge_id, entry_id, key, v) for key, v in values.items())

    with timed(f"rubric_total x {len(values_by_pair):,}", results):
        rows = [(j, e, rubric_total(criteria=specs, values=v)) for (j, e), v in
                values_by_pair.items()]
    with timed("entry_statistics (normalised)", results):
        stats = entry_statistics(rows=rows, method="mean", normalise=True, min_judges=3,
                                 sd_threshold=15.0, range_threshold=30.0)
    with timed("krippendorff_alpha_interval", results):
        alpha = krippendorff_alpha_interval(rows=rows)
    with timed("criterion_means + rank_entries", results):
        top_key = highest_weight_criterion(criteria=specs)
        ranked = rank_entries(stats=stats, tie_break_values=criterion_means(
            rows=criterion_rows, criterion_key=top_key))
    clusters = {
        e.id: {"agency_type": rng.choice(AGENCY_TYPES), "region_group": rng.choice(REGION_GROUPS),
               "category": rng.choice(CATEGORIES)}
        for e in entries
    }
    quotas = [Quota("region_group", region, 3, 30) for region in REGION_GROUPS]
    quotas += [Quota("agency_type", kind, 2, 35) for kind in AGENCY_TYPES]
    quotas += [Quota("category", category, 2, None) for category in CATEGORIES]
    candidates = [Candidate(r.entry_id, r.rank, r.score, clusters[r.entry_id]) for r in ranked]
    with timed("select_top (Top 99, 24 quotas)", results):
        selection = select_top(ranked=candidates, n=99, passing_grade=50, quotas=quotas)

    print(f"entries {entries_n:,}, judges {judges_n}, criteria {criteria}, "
          f"assignments {len(plan.assignments):,}, criterion scores {len(criterion_rows):,}, "
          f"totals {len(rows):,}")
    for label, seconds in results.items():
        print(f"{label:<36} {seconds * 1000:9.1f} ms")
    loads = plan.loads.values()
    print(f"judge load min/max {min(loads)}/{max(loads)}, shortfalls {len(plan.shortfalls)}")
    flagged = sum(1 for s in stats.values() if s.disagreement)
    print(f"alpha {alpha:.3f}, disagreement flags {flagged}, "
          f"tied entries {sum(1 for r in ranked if r.tied)}")
    print(f"selected {len(selection.selected_ids)}, cutoff tie {selection.cutoff_tie}, "
          f"unmet minimums {len(selection.unmet_minimums)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=ENTRIES)
    parser.add_argument("--judges", type=int, default=JUDGES)
    parser.add_argument("--k", type=int, default=JUDGES_PER_ENTRY)
    parser.add_argument("--criteria", type=int, default=len(RUBRIC))
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    main(args.seed, entries_n=args.entries, judges_n=args.judges, k=args.k,
         criteria=args.criteria)
