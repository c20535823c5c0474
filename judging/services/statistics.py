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
from operator import itemgetter

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Q

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


class _Layout:
    """The criterion keys of a pair's values in the order their texts come, and the order
    of sorted(rows) (by key, then value) as indexes into those texts."""

    __slots__ = ("keys", "order", "pick", "template")

    def __init__(self, keys, order):
        self.keys = tuple(keys)
        self.order = tuple(order)
        if len(self.order) == 1:
            only = self.order[0]
            self.pick = lambda texts: (texts[only],)
        else:
            self.pick = itemgetter(*self.order) if self.order else (lambda texts: ())
        # One pair's rows as input_checksum encodes them, the pair's ids at "\0" (json
        # never writes a raw NUL) and its value texts at the %s.
        self.template = ",".join(
            '[\0,' + json.dumps(self.keys[i]).replace("%", "%%") + ',"%s"]' for i in self.order)


class ScoreRows(Sequence):
    """The submitted values of a round as sorted (judge_id, entry_id, criterion_key,
    Decimal value) rows, held as one record per (judge, entry) pair: (judge_id,
    entry_id, layout, the value texts joined by commas; each text is ``str()`` of the
    Decimal), so the checksum streams them without building 4 strings a row, and the
    rows as tuples are built only when someone reads them. Ids are integers (primary
    keys). ``pairs``: [((judge_id, entry_id), [(key, value text), ...] sorted)]."""

    def __init__(self, pairs=(), *, records=None):
        if records is None:
            layouts, records = {}, []
            for (judge_id, entry_id), values in pairs:
                keys = tuple(key for key, _text in values)
                layout = layouts.get(keys)
                if layout is None:
                    layout = layouts[keys] = _Layout(keys, range(len(keys)))
                records.append((judge_id, entry_id, layout,
                                ",".join(text for _key, text in values)))
        self.records = records
        self._rows = None
        self._length = None

    def _materialise(self):
        if self._rows is None:
            decimals, rows = {}, []
            for judge_id, entry_id, layout, texts in self.records:
                texts = texts.split(",")
                keys = layout.keys
                for i in layout.order:
                    text = texts[i]
                    value = decimals.get(text)
                    if value is None:
                        value = decimals[text] = Decimal(text)
                    rows.append((judge_id, entry_id, keys[i], value))
            self._rows = rows
        return self._rows

    def __len__(self):
        if self._length is None:
            self._length = sum(len(layout.order) for _j, _e, layout, _t in self.records)
        return self._length

    def __getitem__(self, index):
        return self._materialise()[index]

    def __iter__(self):
        return iter(self._materialise())

    def __eq__(self, other):
        return list(self) == list(other)

    def json_chunks(self, batch=2000):
        """The rows as ``input_checksum`` encodes them, ``[["judge","entry","key",
        "value"],…]`` (compact JSON of their str()), in pieces to feed a hash."""
        yield "["
        separator, chunks = "", []
        for judge_id, entry_id, layout, texts in self.records:
            if layout.order:
                chunks.append((layout.template % layout.pick(texts.split(",")))
                              .replace("\0", f'"{judge_id}","{entry_id}"'))
                if len(chunks) == batch:
                    yield separator + ",".join(chunks)
                    separator, chunks = ",", []
        if chunks:
            yield separator + ",".join(chunks)
        yield "]"


class _Floats(dict):
    """text -> float(text), each distinct value text converted once."""

    def __missing__(self, text):
        value = self[text] = float(text)
        return value


def _value_texts(round):
    """[(judge_id, entry_id, criterion ids, value texts)] of the round's submitted values,
    one row per (judge, entry) pair in pair order, the ids and the texts (``str()`` of
    the Decimal) comma separated and in the same order. PostgreSQL aggregates each
    pair's values into one row (read with a plain cursor: psycopg reads one text far
    faster than an array or eight rows); elsewhere one row per value, grouped here."""
    values = submitted_value_rows(round).filter(value__isnull=False)
    if connection.vendor == "postgresql":
        # Sorted by criterion below the aggregate rather than inside it (one sort of
        # the rows instead of two per pair); the texts always follow the ids, in
        # whatever order they come, since both aggregates read the same rows.
        sorted_values = values.values_list(
            "score__assignment__judge_id", "score__assignment__entry_id", "criterion_id",
            "value").order_by("score__assignment__judge_id", "score__assignment__entry_id",
                              "criterion_id")
        inner, params = sorted_values.query.get_compiler(using=values.db).as_sql()
        query = ("SELECT judge, entry, string_agg(criterion::text, ','), "
                 "string_agg(value::text, ',') FROM (" + inner + ") AS v(judge, entry, "
                 "criterion, value) GROUP BY judge, entry ORDER BY judge, entry")
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall()
    by_pair = defaultdict(lambda: ([], []))
    for judge_id, entry_id, criterion_id, value in values.values_list(
            "score__assignment__judge_id", "score__assignment__entry_id", "criterion_id",
            "value"):
        ids, texts = by_pair[(judge_id, entry_id)]
        ids.append(str(criterion_id))
        texts.append(str(value))
    return [(judge_id, entry_id, ",".join(ids), ",".join(texts))
            for (judge_id, entry_id), (ids, texts) in sorted(by_pair.items())]


def _layout(key_of, ids):
    """The _Layout of pairs whose values come for the criteria ``ids`` (comma
    separated); None when a key repeats (one value per criterion and unique keys rule
    that out), when each pair's order depends on its values."""
    keys = [key_of[int(i)] for i in ids.split(",")]
    if len(set(keys)) != len(keys):
        return None
    return _Layout(keys, sorted(range(len(keys)), key=keys.__getitem__))


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


@dataclass
class RoundScores:
    """What finalising needs of a round's scores (compute_round_statistics adds the
    dashboard's figures: progress per judge, the totals by pair, judges kept raw)."""

    criteria: list  # judging.maths.scoring.CriterionSpec
    tie_break_criterion: str | None
    rows: ScoreRows  # every submitted value, for the checksum
    total_rows: scoring.GroupedRows  # (judge_id, entry_id, raw total) in pair order
    entries: dict  # {entry_id: scoring.EntryStats}
    ranking: list  # [scoring.RankedEntry] in rank order
    alpha: float | None


def compute_round_statistics(*, round):
    """Per-entry stats, per-judge progress and distribution, alpha and the ranking."""
    with without_collector_pauses():
        scores = round_scores(round=round)
        total_rows = scores.total_rows
        return RoundStatistics(
            round_id=round.pk, criteria=scores.criteria,
            tie_break_criterion=scores.tie_break_criterion, rows=scores.rows,
            totals={(judge_id, entry_id): total for judge_id, entry_id, total in total_rows},
            entries=scores.entries, ranking=scores.ranking,
            judges=_judge_summaries(round=round, total_rows=total_rows), alpha=scores.alpha,
            normalise=round.normalise,
            min_scores_for_normalising=round.min_scores_for_normalising,
            kept_raw=scoring.judges_kept_raw(rows=total_rows,
                                             min_scores=round.min_scores_for_normalising),
        )


def round_scores(*, round):
    """The round's raw totals per (judge, entry), entry figures, ranking and alpha, from
    its submitted values read once (RoundScores). Call it with the collector paused
    (without_collector_pauses) when the round is large."""
    criteria = list(round.rubric.criteria.all()) if round.rubric_id else []
    specs = criterion_specs(criteria)
    key_of = {c.pk: c.key for c in criteria}
    try:
        tie_key = scoring.highest_weight_criterion(criteria=specs) if specs else None
    except ValueError:
        tie_key = None  # two criteria share the top weight: that tie-break level is skipped
    totaller = scoring.TextTotals(specs)
    floats = _Floats()
    layouts = {}  # criterion ids -> (layout, total of the texts, index of the tie key)
    records = []
    # Grouped by judge and by entry once, for every statistic below.
    total_rows = scoring.GroupedRows()
    tie_values = defaultdict(list)
    for judge_id, entry_id, ids, texts in _value_texts(round):
        known = layouts.get(ids)
        if known is None:
            layout = _layout(key_of, ids)
            known = layouts[ids] = None if layout is None else (
                layout, totaller.layout(layout.keys), _last_index(layout.keys, tie_key))
        values = texts.split(",")
        if known is None:
            layout, total, tie_at, texts, values = _by_value(key_of, ids, values, totaller,
                                                             tie_key)
        else:
            layout, total, tie_at = known
        records.append((judge_id, entry_id, layout, texts))
        total_rows.append((judge_id, entry_id, total(values)))
        if tie_at is not None:
            tie_values[entry_id].append(floats[values[tie_at]])
    entry_ids = list(round_entries(round).values_list("pk", flat=True))
    entries = scoring.entry_statistics(
        rows=total_rows, method=round.aggregation, normalise=round.normalise,
        min_judges=round.judges_per_entry,
        sd_threshold=_float(round.disagreement_sd_threshold),
        range_threshold=_float(round.disagreement_range_threshold),
        min_scores=round.min_scores_for_normalising, entry_ids=entry_ids,
    )
    # scoring.criterion_means of the tie-break criterion's values.
    tie_means = {entry_id: pystats.fmean(values) for entry_id, values in tie_values.items()}
    ranking = scoring.rank_entries(stats=entries, tie_break_values=tie_means)
    return RoundScores(
        criteria=specs, tie_break_criterion=tie_key, rows=ScoreRows(records=records),
        total_rows=total_rows, entries=entries, ranking=ranking,
        alpha=scoring.krippendorff_alpha_interval(rows=total_rows))


def _last_index(keys, key):
    """Index of the last ``key`` in ``keys`` (the value a mapping of them keeps)."""
    found = None
    for i, k in enumerate(keys):
        if k == key:
            found = i
    return found


def _by_value(key_of, ids, values, totaller, tie_key):
    """(layout, total, tie index, texts, values) of a pair whose criteria repeat a key:
    its values sorted by (key, value) as sorted(rows) has them; a mapping of them keeps
    the last value of a key, as the statistics always did."""
    keys = [key_of[int(i)] for i in ids.split(",")]
    ordered = sorted(zip(keys, values, strict=True),
                     key=lambda item: (item[0], Decimal(item[1])))
    keys = [key for key, _text in ordered]
    values = [text for _key, text in ordered]
    layout = _Layout(keys, range(len(keys)))
    return (layout, totaller.layout(keys), _last_index(keys, tie_key), ",".join(values),
            values)


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
