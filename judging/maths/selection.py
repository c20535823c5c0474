"""Choosing the entries that go through (a Top N, a passing grade, proportional
quotas), recording for every entry why it was or was not chosen.

Pure code: the caller passes ranked ``Candidate`` rows and turns the reason codes and
params of each ``Decision`` into translated text.

The pass (judging-methods.md): take entries in rank order; skip one whose cluster has
reached its maximum; once the seats left are no more than the seats still owed to
clusters below their minimum, take only entries that fill such a minimum. A minimum is
owed only as far as unprocessed eligible entries of its cluster can fill it, so seats
are not held back for entries that do not exist.

The owed seats are the sum of the outstanding minimums, as published. With minimums in
two dimensions one entry may fill both, so the sum can hold a seat back that turns out
not to be needed; that seat then goes to the next entry in rank order (the pass never
goes back to entries it skipped), which keeps the pass simple to explain and audit.

Ties are never broken silently. Entries sharing a rank are processed as a group and
tried in every order; entries whose outcome depends on that order get status
``pending_panel`` (reason ``cutoff_tie``, params ``tied_entry_ids`` and ``seats``: at
most that many of them can be selected) and the result has ``cutoff_tie=True``.
``panel_decisions={entry_id: bool}`` must then name every pending entry of that tie,
choosing one of the outcomes some order would give: the panel picks which tied entries
take the seats but cannot change how many (otherwise ValueError). If the outcome of an
unresolved tie changes what is left for later entries (seats or cluster counts), those
later entries wait too (``pending_panel``, reason ``awaiting_panel``); the caller
resolves ties one at a time and calls again.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from judging.maths.scoring import TIE_DECIMALS

SELECTED = "selected"
NOT_SELECTED = "not_selected"
PENDING = "pending_panel"
# Up to this many tied entries every order is tried (6! = 720 short runs); beyond it
# the contested part of the group goes to the panel without trying.
MAX_EXHAUSTIVE_TIE = 6


@dataclass(frozen=True, slots=True)
class Quota:
    """Seats for one cluster of one dimension, e.g. ("region_group", "Sumatera")."""

    dimension: str
    cluster: str
    min_seats: int = 0
    max_seats: int | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A ranked entry (see scoring.rank_entries) with its cluster per dimension."""

    entry_id: Hashable
    rank: int | None
    score: float | None
    clusters: Mapping[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class Decision:
    entry_id: Hashable
    status: str  # SELECTED, NOT_SELECTED or PENDING
    reason_code: str
    params: Mapping[str, object]

    @property
    def selected(self) -> bool:
        return self.status == SELECTED


@dataclass(frozen=True, slots=True)
class SelectionResult:
    decisions: tuple[Decision, ...]  # rank order, unranked entries last
    cutoff_tie: bool
    tied_entry_ids: tuple[Hashable, ...]  # entries pending for a tie, rank order
    tie_seats: int  # at most this many of them can be selected
    unmet_minimums: tuple[tuple[str, str, int, int], ...]  # dimension, cluster, min, got

    @property
    def selected_ids(self) -> tuple[Hashable, ...]:
        return tuple(d.entry_id for d in self.decisions if d.status == SELECTED)


class _Pass:
    """Seats and cluster counts while walking the ranking; copied to try orders."""

    def __init__(self, *, seats, quotas, remaining):
        self.seats = seats  # seats left; math.inf without a Top N
        self.quotas = quotas  # {(dimension, cluster): Quota}
        self.counts = dict.fromkeys(quotas, 0)
        self.remaining = remaining  # unprocessed eligible entries per quota key

    def copy(self) -> _Pass:
        clone = _Pass(seats=self.seats, quotas=self.quotas, remaining=dict(self.remaining))
        clone.counts = dict(self.counts)
        return clone

    def signature(self) -> tuple:
        # What later entries depend on; "remaining" is the same after any order.
        return (self.seats, tuple(self.counts.values()))

    def owed(self, key) -> int:
        quota = self.quotas[key]
        return max(0, min(quota.min_seats - self.counts[key], self.remaining[key]))

    def take(self, candidate: Candidate) -> tuple[bool, str, dict]:
        """Process one candidate: accept it (updating counts) or say why not."""
        keys = sorted(k for k in candidate.clusters.items() if k in self.quotas)
        if self.seats <= 0:
            for key in keys:
                self.remaining[key] -= 1
            return False, "outside_top_n", {}
        owed_total = sum(self.owed(key) for key in self.quotas)
        fills = [key for key in keys if self.owed(key) > 0]
        for key in keys:
            self.remaining[key] -= 1
        for key in keys:
            maximum = self.quotas[key].max_seats
            if maximum is not None and self.counts[key] >= maximum:
                return False, "quota_max_reached", _quota_params(key, max_seats=maximum)
        reserved = self.seats <= owed_total
        if reserved and not fills:
            owed = tuple(key for key in self.quotas if self.owed(key) > 0)
            return False, "reserved_for_quota_min", {"owed_clusters": owed}
        self.seats -= 1
        for key in keys:
            self.counts[key] += 1
        if reserved:
            return True, "selected_quota_min", _quota_params(fills[0])
        return True, "selected_rank", {}


def _quota_params(key, **extra) -> dict:
    return {"dimension": key[0], "cluster": key[1], **extra}


def _validate_quotas(quotas: Iterable[Quota]) -> dict:
    indexed = {}
    for quota in quotas:
        key = (quota.dimension, quota.cluster)
        if key in indexed:
            raise ValueError(f"two quotas for {key}")
        if quota.min_seats < 0 or (
            quota.max_seats is not None and quota.max_seats < quota.min_seats
        ):
            raise ValueError(f"quota {key}: need 0 <= min_seats <= max_seats")
        indexed[key] = quota
    return dict(sorted(indexed.items()))  # input order must not change any result


class _Tie:
    """How one group of entries sharing a rank comes out: ``runs`` maps each distinct
    set of selected entries to (state after, outcome per entry) of one order giving
    it; ``pending`` are the entries whose outcome depends on the order."""

    def __init__(self, state: _Pass, group: Sequence[Candidate]):
        self.group = group
        self.before = state
        # A single entry, or any entry once the seats are gone, has one possible
        # outcome: work on the state itself (the common case) instead of a copy.
        single = len(group) == 1 or state.seats <= 0
        fits = not single and _fits_any_order(state, group)
        reference = state if single else state.copy()
        self.outcome = {c.entry_id: reference.take(c) for c in group}  # id order
        self.after = reference
        chosen = frozenset(i for i, (ok, _, _) in self.outcome.items() if ok)
        self.runs = {chosen: (reference, self.outcome)}
        self.exhaustive = True
        if single or fits:
            self.pending, self.seats = frozenset(), 0
        elif len(group) > MAX_EXHAUSTIVE_TIE:
            # Too many orders to try: only a maximum reached before the group settles a
            # rejection; everything else goes to the panel.
            self.exhaustive = False
            self.pending = frozenset(c.entry_id for c in group if not _blocked(state, c))
            self.seats = int(min(state.seats, len(self.pending)))
        else:
            for order in itertools.permutations(group):
                trial = state.copy()
                outcome = {c.entry_id: trial.take(c) for c in order}
                chosen = frozenset(i for i, (ok, _, _) in outcome.items() if ok)
                self.runs.setdefault(chosen, (trial, outcome))
            always = frozenset.intersection(*self.runs)
            self.pending = frozenset.union(*self.runs) - always
            self.seats = max(len(chosen & self.pending) for chosen in self.runs)

    def settles_later_entries(self) -> bool:
        """True when every outcome leaves later entries the same seats and counts."""
        if not self.exhaustive:
            # Without quotas only the number of seats matters, and that is fixed.
            return not self.before.quotas
        return len({state.signature() for state, _ in self.runs.values()}) == 1

    def resolve(self, panel: Mapping[Hashable, bool]) -> tuple[_Pass, dict]:
        """State and outcomes when the panel selects the tied entries marked True."""
        chosen = frozenset(i for i in self.pending if panel[i])
        if self.exhaustive:
            for selected, run in self.runs.items():
                if selected & self.pending == chosen:
                    return run
            raise ValueError(
                f"panel decisions for the tie {sorted(self.pending)} are not a possible "
                f"outcome: select {self.seats} of them within the seats and quotas left"
            )
        state = self.before.copy()
        ordered = sorted(self.group, key=lambda c: (c.entry_id not in chosen, c.entry_id))
        outcome = {c.entry_id: state.take(c) for c in ordered}
        if any(outcome[i][0] != (i in chosen) for i in self.pending):
            raise ValueError(
                f"panel decisions for the tie {sorted(self.pending)} are not a possible "
                f"outcome: select {self.seats} of them"
            )
        return state, outcome


def _blocked(state: _Pass, candidate: Candidate) -> bool:
    for key in candidate.clusters.items():
        quota = state.quotas.get(key)
        if quota and quota.max_seats is not None and state.counts[key] >= quota.max_seats:
            return True
    return False


def _fits_any_order(state: _Pass, group: Sequence[Candidate]) -> bool:
    """True when every order takes the whole group: seats and maximums hold for all of
    it and, even with no minimum filled, the seats left still cover those owed (the
    owed seats only shrink as entries are processed)."""
    if len(group) > state.seats - sum(state.owed(key) for key in state.quotas):
        return False
    for key, quota in state.quotas.items():
        members = sum(1 for c in group if key in c.clusters.items())
        if quota.max_seats is not None and state.counts[key] + members > quota.max_seats:
            return False
    return True


def select_top(
    *,
    ranked: Iterable[Candidate],
    n: int | None = None,
    passing_grade: float | None = None,
    quotas: Iterable[Quota] | None = None,
    panel_decisions: Mapping[Hashable, bool] | None = None,
) -> SelectionResult:
    """Select entries in rank order: the top ``n`` (None: no seat limit) among those at
    or above ``passing_grade`` (compared on the score rounded to 4 decimals, as ties
    are), within ``quotas``. See the module docstring for ties and panel decisions."""
    if n is not None and n < 0:
        raise ValueError("n must be >= 0")
    indexed = _validate_quotas(quotas or ())
    panel = dict(panel_decisions or {})
    candidates = list(ranked)
    if len({c.entry_id for c in candidates}) != len(candidates):
        raise ValueError("entry ids must be unique")
    ranked_ones = sorted(
        (c for c in candidates if c.rank is not None and c.score is not None),
        key=lambda c: (c.rank, c.entry_id),
    )
    decisions: dict[Hashable, Decision] = {}

    def decide(candidate, status, reason, **params):
        params = {"rank": candidate.rank, "score": candidate.score, **params}
        decisions[candidate.entry_id] = Decision(candidate.entry_id, status, reason, params)

    eligible = []
    for candidate in ranked_ones:
        if passing_grade is not None and round(candidate.score, TIE_DECIMALS) < passing_grade:
            decide(candidate, NOT_SELECTED, "below_passing_grade", passing_grade=passing_grade)
        else:
            eligible.append(candidate)
    remaining = dict.fromkeys(indexed, 0)
    for candidate in eligible:
        for key in candidate.clusters.items():
            if key in remaining:
                remaining[key] += 1
    state = _Pass(seats=math.inf if n is None else n, quotas=indexed, remaining=remaining)

    tied: list[Hashable] = []
    tie_seats = 0
    groups = [list(g) for _, g in itertools.groupby(eligible, key=lambda c: c.rank)]
    for index, group in enumerate(groups):
        tie = _Tie(state, group)
        tied_ids = tuple(sorted(tie.pending))
        decided = [i for i in tied_ids if i in panel]
        if decided and len(decided) < len(tied_ids):
            missing = [i for i in tied_ids if i not in panel]
            raise ValueError(f"panel decisions must cover every tied entry; missing {missing}")
        if decided:
            state, outcome = tie.resolve(panel)
            for entry_id in tied_ids:
                chosen = panel.pop(entry_id)
                reason = "selected_panel" if chosen else "not_selected_panel"
                outcome[entry_id] = (chosen, reason, {"tied_entry_ids": tied_ids})
            pending = frozenset()
        else:
            outcome, pending = tie.outcome, tie.pending
        for candidate in group:
            if candidate.entry_id in pending:
                decide(candidate, PENDING, "cutoff_tie", tied_entry_ids=tied_ids, seats=tie.seats)
            else:
                _decide_outcome(decide, candidate, outcome[candidate.entry_id], n)
        if decided:
            continue
        if not pending:
            state = tie.after
            continue
        tied.extend(tied_ids)
        tie_seats += tie.seats
        if not tie.settles_later_entries():
            # Which tied entries win changes what later entries can get: they wait.
            for later in itertools.chain.from_iterable(groups[index + 1 :]):
                decide(later, PENDING, "awaiting_panel", tied_entry_ids=tuple(tied))
            break
        state = tie.after  # every outcome leaves the same seats and counts
    if panel:
        raise ValueError(f"panel decisions for entries not in an unresolved tie: {sorted(panel)}")
    unscored = sorted(
        (c for c in candidates if c.rank is None or c.score is None), key=lambda c: c.entry_id
    )
    for candidate in unscored:
        decide(candidate, NOT_SELECTED, "not_scored")
    ordered = [decisions[c.entry_id] for c in [*ranked_ones, *unscored]]
    return SelectionResult(
        decisions=tuple(ordered),
        cutoff_tie=bool(tied),
        tied_entry_ids=tuple(tied),
        tie_seats=tie_seats,
        unmet_minimums=_unmet(indexed, ordered, candidates),
    )


def _decide_outcome(decide, candidate, outcome, n) -> None:
    accepted, reason, params = outcome
    if reason == "outside_top_n":
        params = {**params, "n": n}
    decide(candidate, SELECTED if accepted else NOT_SELECTED, reason, **params)


def _unmet(indexed, decisions, candidates) -> tuple[tuple[str, str, int, int], ...]:
    """Minimums not met by the entries selected so far (provisional while pending)."""
    clusters = {c.entry_id: c.clusters for c in candidates}
    got = dict.fromkeys(indexed, 0)
    for decision in decisions:
        if decision.status == SELECTED:
            for key in clusters[decision.entry_id].items():
                if key in got:
                    got[key] += 1
    return tuple(
        (key[0], key[1], quota.min_seats, got[key])
        for key, quota in indexed.items()
        if got[key] < quota.min_seats
    )


def proportional_minimums(
    *, entrants: Mapping[str, int], seats: int, reserve: float | Fraction = 1
) -> dict[str, int]:
    """Minimum seats per cluster in proportion to its share of the entrants, by the
    largest-remainder (Hamilton) method.

    ``R = floor(seats × reserve)`` seats are shared out (``reserve`` = 1: all of them);
    a cluster with ``n`` of the ``N`` entrants first gets ``floor(R × n / N)``; the seats
    still unassigned then go one each to the clusters with the largest remainders
    ``R × n / N − floor(R × n / N)``, the larger cluster and then the cluster value
    first on equal remainders. No cluster is given more seats than it has entrants; the
    minimums add up to ``min(R, N)``. Clusters with no entrants are left out. Exact
    arithmetic (fractions), so the proposal never depends on rounding."""
    if seats < 0:
        raise ValueError("seats must be >= 0")
    if not 0 <= reserve <= 1:
        raise ValueError("reserve must be between 0 and 1")
    if any(n < 0 for n in entrants.values()):
        raise ValueError("entrant counts must be >= 0")
    counts = {cluster: n for cluster, n in entrants.items() if n > 0}
    total = sum(counts.values())
    if not total:
        return {}
    # A float share is read as written (0.3 is 3/10), so 10 seats × 0.3 is 3, not 2.
    reserve = Fraction(str(reserve)) if isinstance(reserve, float) else Fraction(reserve)
    share_out = min(math.floor(seats * reserve), total)
    exact = {cluster: Fraction(share_out * n, total) for cluster, n in counts.items()}
    minimums = {cluster: math.floor(value) for cluster, value in exact.items()}
    left = share_out - sum(minimums.values())
    by_remainder = sorted(counts, key=lambda c: (-(exact[c] - minimums[c]), -counts[c], c))
    for cluster in by_remainder[:left]:
        minimums[cluster] += 1
    return dict(sorted(minimums.items()))
