"""Round statistics for the dashboard, the provisional ranking and finalisation.

A fixed number of queries whatever the size of the round (criteria, every submitted
score value in ONE query, progress per judge aggregated in the database, the round's
entry ids, judge names); then judging.maths.scoring in one pass over plain tuples.
"""

import contextlib
import contextvars
import gc
import json
import statistics as pystats
from collections import defaultdict
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.postgres.aggregates import StringAgg
from django.db import connection
from django.db.models import Count, Q, TextField
from django.db.models.functions import Cast

from judging.maths import scoring
from judging.models import Assignment, AssignmentStatus, RescoreStatus, ScoreStatus, ScoreValue

from .rounds import criterion_specs, round_entries


@dataclass
class JudgeSummary:
    judge_id: int
    name: str
    expected: int  # active assignments
    submitted: int
    draft: int
    totals: list[float] = field(default_factory=list)  # raw totals submitted
    mean: float | None = None
    sd: float | None = None  # population SD of the judge's totals
    bias: float | None = None  # mean deviation from the entries' means (+ lenient)

    @property
    def not_started(self):
        return self.expected - self.submitted - self.draft


@dataclass
class RoundStatistics:
    round_id: int
    criteria: list  # judging.maths.scoring.CriterionSpec
    tie_break_criterion: str | None
    rows: Sequence  # (judge_id, entry_id, criterion_key, Decimal value), sorted (ScoreRows)
    totals: dict  # {(judge_id, entry_id): raw total 0-100}
    entries: dict  # {entry_id: scoring.EntryStats}
    ranking: list  # [scoring.RankedEntry] in rank order
    judges: dict  # {judge_id: JudgeSummary}
    alpha: float | None
    normalise: bool = False  # the round asks for severity normalisation
    min_scores_for_normalising: int = scoring.NORMALISE_MIN_SCORES
    kept_raw: dict = field(default_factory=dict)  # {judge_id: reason} not normalised

    @property
    def normalisation(self):
        """"off" (round setting), "none_applied" (no judge qualified), "partial" or
        "applied"; None while nothing is scored."""
        if not self.totals:
            return None
        if not self.normalise:
            return "off"
        judges = {judge for judge, _entry in self.totals}
        if judges <= set(self.kept_raw):
            return "none_applied"
        return "partial" if self.kept_raw else "applied"

    @property
    def expected(self):
        return sum(j.expected for j in self.judges.values())

    @property
    def submitted(self):
        return sum(j.submitted for j in self.judges.values())

    @property
    def drafts(self):
        return sum(j.draft for j in self.judges.values())

    @property
    def disagreements(self):
        return [stats for stats in self.entries.values() if stats.disagreement]

    @property
    def too_few_judges(self):
        return [stats for stats in self.entries.values() if stats.too_few_judges]


def _float(value):
    return None if value is None else float(value)


# Which re-scores (judging.models.Rescore) count as applied when scores are read; None:
# those applied now. Set with ``counting_rescores`` to read a round as one of its result
# snapshots saw it (recomputing a checksum, applying a re-score).
_APPLIED_RESCORES = contextvars.ContextVar("applied_rescores", default=None)


@contextlib.contextmanager
def counting_rescores(applied):
    """Within the block, the scores of ``applied`` re-scores (ids) count and the
    assignments they set aside do not; every other re-score is as if never asked."""
    token = _APPLIED_RESCORES.set(frozenset(applied))
    try:
        yield
    finally:
        _APPLIED_RESCORES.reset(token)


def counted_assignments(prefix=""):
    """A Q over Assignment (or a relation to it through ``prefix``): the assignments
    whose submitted scores count. Active assignments, except those made for a re-score
    not applied; and assignments set aside by a re-score that is not applied (yet)."""
    applied = _APPLIED_RESCORES.get()

    def q(**lookups):
        return Q(**{prefix + key: value for key, value in lookups.items()})

    if applied is None:
        new_counts = q(rescore__status=RescoreStatus.APPLIED)
        old_counts = ~q(set_aside_by__status=RescoreStatus.APPLIED)
    else:
        new_counts = q(rescore_id__in=applied)
        old_counts = ~q(set_aside_by_id__in=applied)
    return ((q(status=AssignmentStatus.ACTIVE) & (q(rescore__isnull=True) | new_counts))
            | (q(status=AssignmentStatus.SET_ASIDE) & old_counts))


def submitted_value_rows(round):
    """Every submitted score value of the round's counted assignments (above), in one
    query: (judge_id, entry_id, criterion_id, value)."""
    return ScoreValue.objects.filter(
        counted_assignments("score__assignment__"),
        score__assignment__round=round,
        score__status=ScoreStatus.SUBMITTED,
    ).values_list("score__assignment__judge_id", "score__assignment__entry_id",
                  "criterion_id", "value")


class ScoreRows(Sequence):
    """The submitted values of a round as sorted (judge_id, entry_id, criterion_key,
    Decimal value) rows, held grouped by (judge, entry) pair with each value's text
    (``str(Decimal)``), so the checksum streams them without building 4 strings a row,
    and the rows as tuples are built only when someone reads them."""

    def __init__(self, pairs):
        self.pairs = pairs  # [((judge_id, entry_id), [(key, value text), ...] sorted)]
        self._rows = None
        self._length = sum(len(values) for _pair, values in pairs)

    def _materialise(self):
        if self._rows is None:
            decimals = {}
            self._rows = [
                (judge_id, entry_id, key,
                 decimals.get(text) or decimals.setdefault(text, Decimal(text)))
                for (judge_id, entry_id), values in self.pairs for key, text in values]
        return self._rows

    def __len__(self):
        return self._length

    def __getitem__(self, index):
        return self._materialise()[index]

    def __iter__(self):
        return iter(self._materialise())

    def __eq__(self, other):
        return list(self) == list(other)

    def json_chunks(self):
        """The rows as ``input_checksum`` encodes them, ``[["judge","entry","key",
        "value"],…]`` (compact JSON of their str()), in pieces to feed a hash."""
        quoted = _Quoted()
        yield "["
        first = True
        for (judge_id, entry_id), values in self.pairs:
            if not values:
                continue
            head = f"[{quoted[str(judge_id)]},{quoted[str(entry_id)]},"
            chunk = ",".join([f"{head}{quoted[key]},{quoted[text]}]" for key, text in values])
            yield chunk if first else "," + chunk
            first = False
        yield "]"


class _Floats(dict):
    """text -> float(text), each distinct value text converted once."""

    def __missing__(self, text):
        value = self[text] = float(text)
        return value


class _Quoted(dict):
    """text -> json.dumps(text), each distinct text encoded once."""

    def __missing__(self, text):
        encoded = self[text] = json.dumps(text)
        return encoded


def _value_pairs(round, key_of):
    """[((judge_id, entry_id), [(criterion key, value text), …])] of the round's submitted
    values, pairs in order and each pair's values sorted by (key, value): the order of
    ``sorted(rows)``. PostgreSQL aggregates each pair's values into one row (the values as
    numeric text, which is str() of the Decimal); elsewhere one row per value."""
    if connection.vendor == "postgresql":
        # Two texts per pair, in the same order: "criterion ids" and "values" (comma
        # separated; psycopg reads one text far faster than an array). Built on
        # submitted_value_rows, so the same scores count.
        by_criterion = {"delimiter": ",", "order_by": "criterion_id"}
        fetched = (
            submitted_value_rows(round).filter(value__isnull=False)
            .values_list("score__assignment__judge_id", "score__assignment__entry_id")
            .annotate(ids=StringAgg(Cast("criterion_id", TextField()), **by_criterion),
                      texts=StringAgg(Cast("value", TextField()), **by_criterion))
            .order_by("score__assignment__judge_id", "score__assignment__entry_id"))
        orders = {}
        pairs = []
        for judge_id, entry_id, ids, texts in fetched:
            order = orders.get(ids)
            if order is None:
                order = orders[ids] = _key_order(key_of, [int(i) for i in ids.split(",")])
            texts = texts.split(",")
            pairs.append(((judge_id, entry_id), [(key, texts[i]) for i, key in order]
                          if order is not None else _sorted_by_value(key_of, ids, texts)))
        return pairs
    by_pair = defaultdict(list)
    for judge_id, entry_id, criterion_id, value in submitted_value_rows(round):
        if value is not None:
            by_pair[(judge_id, entry_id)].append((criterion_id, str(value)))
    orders = {}
    return [(pair, _sorted_values(key_of, *zip(*values, strict=True), orders))
            for pair, values in sorted(by_pair.items())]


def _key_order(key_of, criteria):
    """[(index, key)] putting one pair's values (in ``criteria`` order) in the order of
    sorted(rows), by key; None when a key repeats (one value per criterion and score
    rules that out), when the values must be compared too."""
    keys = [key_of[criterion_id] for criterion_id in criteria]
    if len(set(keys)) != len(keys):
        return None
    return [(i, keys[i]) for i in sorted(range(len(keys)), key=keys.__getitem__)]


def _sorted_by_value(key_of, ids, texts):
    keys = [key_of[int(i)] for i in ids.split(",")]
    return sorted(zip(keys, texts, strict=True), key=lambda item: (item[0], Decimal(item[1])))


def _sorted_values(key_of, criteria, texts, orders):
    """[(key, text)] of one pair's values in the order of sorted(rows); ``orders`` caches
    the order per tuple of criterion ids (the caller's dict)."""
    criteria = tuple(criteria)
    if criteria not in orders:
        orders[criteria] = _key_order(key_of, criteria)
    order = orders[criteria]
    if order is None:
        return sorted(((key_of[c], t) for c, t in zip(criteria, texts, strict=True)),
                      key=lambda item: (item[0], Decimal(item[1])))
    return [(key, texts[i]) for i, key in order]


@contextmanager
def without_collector_pauses():
    """Pause Python's cyclic garbage collector while a round's rows are turned into
    statistics and result rows: they allocate hundreds of thousands of small acyclic
    objects, each burst of which would otherwise start a collection walking every live
    object again (most of a finalise's time at national size). Reference counting
    frees them as usual; the collector resumes when the block ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def compute_round_statistics(*, round):
    """Per-entry stats, per-judge progress and distribution, alpha and the ranking."""
    with without_collector_pauses():
        return _compute_round_statistics(round=round)


def _compute_round_statistics(*, round):
    criteria = list(round.rubric.criteria.all()) if round.rubric_id else []
    specs = criterion_specs(criteria)
    key_of = {c.pk: c.key for c in criteria}
    pairs = _value_pairs(round, key_of)
    floats = _Floats()
    pair_values = [(pair, {key: floats[text] for key, text in values}) for pair, values in pairs]
    totals = scoring.rubric_totals(criteria=specs, pairs=pair_values)
    # Grouped by judge and by entry once, for every statistic below.
    total_rows = scoring.GroupedRows(
        (judge_id, entry_id, total) for (judge_id, entry_id), total in totals.items())
    entry_ids = list(round_entries(round).values_list("pk", flat=True))
    entries = scoring.entry_statistics(
        rows=total_rows, method=round.aggregation, normalise=round.normalise,
        min_judges=round.judges_per_entry,
        sd_threshold=_float(round.disagreement_sd_threshold),
        range_threshold=_float(round.disagreement_range_threshold),
        min_scores=round.min_scores_for_normalising, entry_ids=entry_ids,
    )
    try:
        tie_key = scoring.highest_weight_criterion(criteria=specs) if specs else None
    except ValueError:
        tie_key = None  # two criteria share the top weight: that tie-break level is skipped
    tie_values = (scoring.criterion_means(
        rows=[(judge_id, entry_id, tie_key, values[tie_key])
              for (judge_id, entry_id), values in pair_values if tie_key in values],
        criterion_key=tie_key) if tie_key else {})
    ranking = scoring.rank_entries(stats=entries, tie_break_values=tie_values)
    return RoundStatistics(
        round_id=round.pk, criteria=specs, tie_break_criterion=tie_key,
        rows=ScoreRows(pairs), totals=totals, entries=entries, ranking=ranking,
        judges=_judge_summaries(round=round, total_rows=total_rows),
        alpha=scoring.krippendorff_alpha_interval(rows=total_rows),
        normalise=round.normalise, min_scores_for_normalising=round.min_scores_for_normalising,
        kept_raw=scoring.judges_kept_raw(rows=total_rows,
                                         min_scores=round.min_scores_for_normalising),
    )


def _judge_summaries(*, round, total_rows):
    progress = (
        Assignment.objects.filter(round=round, status=AssignmentStatus.ACTIVE)
        .values("judge_id")
        .annotate(expected=Count("pk"),
                  submitted=Count("pk", filter=Q(score__status=ScoreStatus.SUBMITTED)),
                  draft=Count("pk", filter=Q(score__status=ScoreStatus.DRAFT)))
        .order_by("judge_id")
    )
    judges = {
        row["judge_id"]: JudgeSummary(judge_id=row["judge_id"], name="",
                                      expected=row["expected"], submitted=row["submitted"],
                                      draft=row["draft"])
        for row in progress
    }
    for judge_id, _entry, total in total_rows:
        if judge_id not in judges:  # defensive: a judge with scores but no active row
            judges[judge_id] = JudgeSummary(judge_id=judge_id, name="", expected=0,
                                            submitted=0, draft=0)
        judges[judge_id].totals.append(total)
    bias = scoring.judge_bias(rows=total_rows) if total_rows else {}
    users = get_user_model().objects.filter(pk__in=list(judges)).values_list(
        "pk", "username", "first_name", "last_name")
    names = {pk: (f"{first} {last}".strip() or username) for pk, username, first, last in users}
    for judge in judges.values():
        judge.name = names.get(judge.judge_id, str(judge.judge_id))
        if judge.totals:
            judge.totals.sort()
            judge.mean = pystats.fmean(judge.totals)
            judge.sd = pystats.pstdev(judge.totals)
            judge.bias = bias.get(judge.judge_id)
    return judges
