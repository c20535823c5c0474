"""Assigning judges to entries: k distinct judges per entry, never one with a conflict
of interest, within per-judge caps, with loads as even as the conflicts allow.

Pure code: the caller passes entries, judges and existing assignments as plain values
and stores the returned pairs. Ids must be hashable and mutually orderable (primary
keys): they are sorted so that results do not depend on input order.

A judge conflicts with an entry when the entry's agency is among the judge's agencies,
its province among the judge's provinces, the judge declared a conflict with the entry,
or the pair is in ``conflicts``. Existing assignments count toward the entry's k and
the judge's load and are never moved.

Method: entries with the fewest eligible judges go first (so they are not starved once
loads rise); each takes the least-loaded eligible judges from a heap keyed by (load,
seeded random priority), so equal loads are broken the same way for the same seed and
input, whatever the input order. Without caps and conflicts this keeps max - min load
<= 1 (adding k to the k least-loaded of loads that differ by at most 1 keeps them so).
With conflicts a final pass moves new assignments from judges two or more above the
lightest judge to lighter eligible ones, which can only lower the spread.

Recusal: call ``reassign_after_recusal`` (or ``assign_judges`` with the recused pair
added to ``conflicts`` and the other current assignments as ``existing``); only the
entry that lost a judge gets a new one.
"""

from __future__ import annotations

import heapq
import random
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

Pair = tuple[Hashable, Hashable]  # (judge_id, entry_id)


@dataclass(frozen=True, slots=True)
class EntryRef:
    id: Hashable
    agency_id: Hashable | None = None
    province_code: str | None = None  # None for national agencies


@dataclass(frozen=True, slots=True)
class JudgeRef:
    """A judge and the links that create conflicts of interest."""

    id: Hashable
    agency_ids: frozenset = frozenset()
    province_codes: frozenset = frozenset()
    conflict_entry_ids: frozenset = frozenset()  # declared by the judge


@dataclass(frozen=True, slots=True)
class Shortfall:
    """An entry left with fewer than k judges. ``reason`` is
    "not_enough_eligible_judges" (too few judges without a conflict) or
    "judges_at_capacity" (enough exist but their caps are used up)."""

    entry_id: Hashable
    needed: int
    assigned: int
    reason: str


@dataclass(frozen=True, slots=True)
class AssignmentPlan:
    assignments: tuple[Pair, ...]  # new (judge_id, entry_id) pairs, sorted
    shortfalls: tuple[Shortfall, ...]  # sorted by entry id
    loads: Mapping[Hashable, int]  # existing + new per judge of the pool


def panel_caps(
    *, members: Mapping[Hashable, int | None], usual: Mapping[Hashable, int]
) -> dict[Hashable, int]:
    """Caps for a round's panel, as ``assign_judges`` takes them: a member's cap for
    this round when set, else the judge's usual cap (``usual``, from the judge's
    profile) when there is one; members with neither are unlimited and left out.
    Judges outside ``members`` are not on the panel and get no cap here: the caller
    passes only the panel as the pool."""
    caps = {}
    for judge_id, cap in members.items():
        if cap is not None:
            caps[judge_id] = cap
        elif judge_id in usual:
            caps[judge_id] = usual[judge_id]
    return caps


def conflicted_judges(
    *, entries: Iterable[EntryRef], judges: Iterable[JudgeRef], conflicts: Iterable[Pair] = ()
) -> dict[Hashable, set[Hashable]]:
    """{entry_id: ids of judges in conflict with it}, built from indexes by agency and
    province rather than by testing every judge against every entry."""
    by_agency: dict[Hashable, set] = defaultdict(set)
    by_province: dict[Hashable, set] = defaultdict(set)
    declared: dict[Hashable, set] = defaultdict(set)
    for judge in judges:
        for agency_id in judge.agency_ids:
            by_agency[agency_id].add(judge.id)
        for province_code in judge.province_codes:
            by_province[province_code].add(judge.id)
        for entry_id in judge.conflict_entry_ids:
            declared[entry_id].add(judge.id)
    for judge_id, entry_id in conflicts:
        declared[entry_id].add(judge_id)
    result = {}
    for entry in entries:
        blocked = set(declared.get(entry.id, ()))
        if entry.agency_id is not None:
            blocked |= by_agency.get(entry.agency_id, set())
        if entry.province_code is not None:
            blocked |= by_province.get(entry.province_code, set())
        result[entry.id] = blocked
    return result


def assign_judges(
    *,
    entries: Iterable[EntryRef],
    judges: Iterable[JudgeRef],
    k: int,
    existing: Iterable[Pair] = (),
    caps: Mapping[Hashable, int] | None = None,
    conflicts: Iterable[Pair] = frozenset(),
    seed: int = 0,
) -> AssignmentPlan:
    """Give every entry k distinct judges without a conflict, respecting ``caps``
    ({judge_id: most assignments in total}; absent judges are unlimited). Existing
    pairs count toward k and load; an existing pair that is now a conflict is an
    error (remove it first, as after a recusal). Entries that cannot reach k are
    returned as shortfalls with the reason."""
    if k < 0:
        raise ValueError("k must be >= 0")
    entries = sorted(entries, key=lambda entry: entry.id)
    judges = sorted(judges, key=lambda judge: judge.id)
    _require_unique([e.id for e in entries], "entry")
    _require_unique([j.id for j in judges], "judge")
    caps = dict(caps or {})
    blocked = conflicted_judges(entries=entries, judges=judges, conflicts=conflicts)
    existing = set(existing)
    on_entry: dict[Hashable, set] = defaultdict(set)
    for judge_id, entry_id in existing:
        if judge_id in blocked.get(entry_id, ()):
            raise ValueError(
                f"existing assignment of judge {judge_id!r} to entry {entry_id!r} is a conflict; "
                "remove it before assigning"
            )
        on_entry[entry_id].add(judge_id)
    pool = [judge.id for judge in judges]
    load = Counter(dict.fromkeys(pool, 0))
    load.update(judge_id for judge_id, _ in existing if judge_id in load)

    rng = random.Random(seed)
    priority = {judge_id: p for p, judge_id in enumerate(rng.sample(pool, len(pool)))}
    entry_priority = {e.id: p for p, e in enumerate(rng.sample(entries, len(entries)))}

    pool_set = set(pool)
    eligible_counts = {
        e.id: len(pool) - len((blocked[e.id] | on_entry[e.id]) & pool_set) for e in entries
    }
    existing_on = {entry.id: frozenset(on_entry[entry.id]) for entry in entries}
    order = sorted(entries, key=lambda e: (eligible_counts[e.id], entry_priority[e.id]))
    heap = [(load[j], priority[j], j) for j in pool if load[j] < caps.get(j, float("inf"))]
    heapq.heapify(heap)
    new: list[Pair] = []
    shortfalls = []
    for entry in order:
        need = k - len(on_entry[entry.id])
        if need <= 0:
            continue
        skipped = []
        while need and heap:
            item = heapq.heappop(heap)
            judge_id = item[2]
            if judge_id in blocked[entry.id] or judge_id in on_entry[entry.id]:
                skipped.append(item)
                continue
            new.append((judge_id, entry.id))
            on_entry[entry.id].add(judge_id)
            load[judge_id] += 1
            need -= 1
            if load[judge_id] < caps.get(judge_id, float("inf")):
                skipped.append((load[judge_id], priority[judge_id], judge_id))
        for item in skipped:
            heapq.heappush(heap, item)
        if need:
            # Enough judges without a conflict existed, so caps are what ran out.
            too_few = eligible_counts[entry.id] < k - len(existing_on[entry.id])
            reason = "not_enough_eligible_judges" if too_few else "judges_at_capacity"
            shortfalls.append(Shortfall(entry.id, k, len(on_entry[entry.id]), reason))
    new = _rebalance(new=new, load=load, caps=caps, blocked=blocked, on_entry=on_entry,
                     priority=priority)
    return AssignmentPlan(
        assignments=tuple(sorted(new)),
        shortfalls=tuple(sorted(shortfalls, key=lambda s: s.entry_id)),
        loads=dict(load),
    )


def _rebalance(*, new, load, caps, blocked, on_entry, priority) -> list[Pair]:
    """Move new assignments from a judge at least two above the lightest judge with
    room to a lighter eligible judge until no such move exists. Each move lowers the
    sum of squared loads, so this ends. Only single moves are tried, so with conflicts
    an even spread that needs a chain of swaps may still be missed (best effort)."""
    by_judge: dict[Hashable, set] = defaultdict(set)
    for judge_id, entry_id in new:
        by_judge[judge_id].add(entry_id)
    moved = True
    while moved:
        moved = False
        lightest = sorted(
            (j for j in load if load[j] < caps.get(j, float("inf"))),
            key=lambda j: (load[j], priority[j]),
        )
        if not lightest:
            break
        for heavy in sorted(load, key=lambda j: (-load[j], priority[j])):
            if load[heavy] - load[lightest[0]] < 2:
                break
            move = _find_move(heavy, by_judge[heavy], lightest, load, blocked, on_entry)
            if move:
                light, entry_id = move
                by_judge[heavy].discard(entry_id)
                by_judge[light].add(entry_id)
                on_entry[entry_id].discard(heavy)
                on_entry[entry_id].add(light)
                load[heavy] -= 1
                load[light] += 1
                moved = True
                break
    return [(judge_id, entry_id) for judge_id, ids in by_judge.items() for entry_id in ids]


def _find_move(heavy, entry_ids, lightest, load, blocked, on_entry):
    for light in lightest:
        if load[heavy] - load[light] < 2:
            return None
        for entry_id in sorted(entry_ids):
            if light not in blocked[entry_id] and light not in on_entry[entry_id]:
                return light, entry_id
    return None


def reassign_after_recusal(
    *,
    recused: Pair,
    current: Iterable[Pair],
    entries: Iterable[EntryRef],
    judges: Iterable[JudgeRef],
    k: int,
    caps: Mapping[Hashable, int] | None = None,
    conflicts: Iterable[Pair] = frozenset(),
    seed: int = 0,
) -> AssignmentPlan:
    """Replace a judge who recused from an entry: the pair becomes a conflict, the other
    current assignments stay, and only that entry is topped up to k."""
    return assign_judges(
        entries=entries,
        judges=judges,
        k=k,
        existing=set(current) - {recused},
        caps=caps,
        conflicts=set(conflicts) | {recused},
        seed=seed,
    )


def _require_unique(ids: list, label: str) -> None:
    if len(set(ids)) != len(ids):
        raise ValueError(f"{label} ids must be unique")
