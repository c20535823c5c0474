"""Finalising a round into an immutable result, panel decisions on cut-off ties, and
publishing (which grants the round's achievement tier)."""

import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from judging.maths import selection
from judging.models import (
    Assignment,
    AssignmentStatus,
    Entry,
    EntryEvent,
    ObjectionDecision,
    PanelDecision,
    Rescore,
    ResultRow,
    RoundKind,
    RoundResult,
    RoundStatus,
    ScoreStatus,
    ScreeningDecision,
)
from portal import page_cache

from . import entries as lifecycle
from . import quotas as clusters
from .achievements import grant_achievements
from .archive import ARCHIVE_SOURCE, archive_checksum
from .audit import log
from .bulk import insert_rows
from .limits import PANEL_NOTE_MAX, too_long
from .objections import final_publish_blockers
from .permissions import require_secretariat
from .rounds import (
    ensure_not_finalised,
    ensure_stage_ready,
    lock_round,
    next_round,
    passing_grade,
    round_entries,
)
from .statistics import (
    ScoreRows,
    counting_rescores,
    round_scores,
    without_collector_pauses,
)


class CutoffTieError(ValidationError):
    """Entries tied across the cut-off line need a recorded panel decision."""

    def __init__(self, *, entry_ids, seats):
        self.entry_ids = tuple(entry_ids)
        self.seats = seats
        super().__init__(
            _("Entries %(ids)s are tied across the cut-off line for %(seats)s seat(s). Record "
              "a panel decision for each of them before finalising.")
            % {"ids": ", ".join(str(i) for i in self.entry_ids), "seats": seats},
            code="cutoff_tie",
        )


class UnmetMinimumError(ValidationError):
    """Quota minimums the selection could not meet: finalising needs an explicit panel
    decision with a note (``accept_unmet_minimums=True`` and ``panel_note``)."""

    def __init__(self, *, unmet):
        self.unmet = tuple(unmet)
        super().__init__(
            _("%(count)s quota minimum(s) cannot be met: %(list)s. Finalising needs a panel "
              "decision accepting this, with a note explaining it.") % {
                "count": len(self.unmet), "list": "; ".join(unmet_text(u) for u in self.unmet)},
            code="unmet_minimum",
        )


def unmet_text(item):
    """'Province: Gorontalo: 1 of at least 2 seats' for one stored unmet minimum."""
    return _("%(cluster)s: %(got)s of at least %(min)s seat(s)") % {
        "cluster": clusters.cluster_display(item["dimension"], item["cluster"],
                                            item.get("name")),
        "got": item["selected"], "min": item["min_seats"]}


REASONS = {
    "selected_rank": gettext_lazy("Selected by rank"),
    "selected_quota_min": gettext_lazy("Selected to meet the minimum for %(cluster)s"),
    "selected_panel": gettext_lazy("Selected by panel decision (cut-off tie)"),
    "not_selected_panel": gettext_lazy("Not selected by panel decision (cut-off tie)"),
    "outside_top_n": gettext_lazy("Ranked outside the top %(n)s"),
    "below_passing_grade": gettext_lazy("Below the passing grade of %(passing_grade)s"),
    "quota_max_reached": gettext_lazy("The maximum for %(cluster)s was reached"),
    "reserved_for_quota_min": gettext_lazy("Remaining seats were reserved for quota minimums"),
    "cutoff_tie": gettext_lazy("Tied across the cut-off line"),
    "awaiting_panel": gettext_lazy("Waiting for a panel decision on a tie above"),
    "not_scored": gettext_lazy("No submitted scores"),
    "removed_by_objection": gettext_lazy("Removed after objection no. %(objection)s"),
    "passed": gettext_lazy("Passed"),
    "failed": gettext_lazy("Did not pass: %(reasons)s"),
}


def reason_text(code, params):
    return ReasonTexts().text(code, params)


class ReasonTexts:
    """reason_text for many rows in the active language: each reason's template and
    each cluster's label translated once."""

    def __init__(self):
        self.templates = {}
        self.clusters = {}

    def text(self, code, params):
        template = self.templates.get(code)
        if template is None:
            if code not in REASONS:
                return code
            template = self.templates[code] = str(REASONS[code])
        if "dimension" in params and "cluster" in params:
            key = (params["dimension"], params["cluster"], params.get("cluster_name"))
            label = self.clusters.get(key)
            if label is None:
                label = self.clusters[key] = clusters.cluster_display(*key)
            params = {**params, "cluster": label}
        try:
            return template % {key: ("" if v is None else v) for key, v in params.items()}
        except (KeyError, TypeError, ValueError):
            return template.split(":")[0].split(" %")[0]


def _settings_snapshot(round, quotas, criteria):
    grade = passing_grade(round)
    return {
        "kind": round.kind, "aggregation": round.aggregation, "normalise": round.normalise,
        "min_scores_for_normalising": round.min_scores_for_normalising,
        "judges_per_entry": round.judges_per_entry, "advance_count": round.advance_count,
        "passing_grade": None if grade is None else str(grade),
        "sd_threshold": None if round.disagreement_sd_threshold is None
        else str(round.disagreement_sd_threshold),
        "range_threshold": None if round.disagreement_range_threshold is None
        else str(round.disagreement_range_threshold),
        "quotas": sorted([q.dimension, q.cluster, q.min_seats, q.max_seats] for q in quotas),
        "criteria": [[c.key, c.weight, c.min_value, c.max_value] for c in criteria],
    }


def input_checksum(*, settings, rows, panel):
    """sha256 over the round settings, the sorted raw input rows and panel decisions:
    of ``json.dumps({"settings": settings, "rows": [[str(part) for part in row] for row
    in rows], "panel": sorted([entry_id, bool(chosen)] …)}, sort_keys=True,
    separators=(",", ":"))``. The same bytes are fed to the hash piece by piece (the keys
    in sorted order: panel, rows, settings); rows given as statistics.ScoreRows stream
    their own compact encoding instead of one list of strings per value."""
    compact = {"sort_keys": True, "separators": (",", ":")}
    digest = hashlib.sha256()
    panel_part = sorted([entry_id, bool(chosen)] for entry_id, chosen in panel.items())
    digest.update(('{"panel":' + json.dumps(panel_part, **compact) + ',"rows":').encode())
    if isinstance(rows, ScoreRows):
        for chunk in rows.json_chunks():
            digest.update(chunk.encode())
    else:
        digest.update(json.dumps([[str(part) for part in row] for row in rows],
                                 **compact).encode())
    digest.update((',"settings":' + json.dumps(settings, **compact) + "}").encode())
    return digest.hexdigest()


def decision_checksum(*, parent_checksum, decisions):
    """sha256 of a superseding snapshot: the checksum of the snapshot it supersedes (which
    covers the round's inputs) and the decisions that made it, as
    [objection id, entry id, action] triples."""
    payload = {"supersedes": parent_checksum,
               "decisions": sorted([int(o), int(e), str(a)] for o, e, a in decisions)}
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()


def rescore_checksum(*, parent_checksum, decisions, inputs):
    """sha256 of a snapshot made by applying a re-score: the superseded snapshot's
    checksum, the decisions (as in decision_checksum) and ``inputs``, the input_checksum
    of the round with the new scores counted (so the new scores are covered)."""
    payload = {"supersedes": parent_checksum, "inputs": inputs,
               "decisions": sorted([int(o), int(e), str(a)] for o, e, a in decisions)}
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()


def applied_rescores(result):
    """Ids of the re-scores applied up to ``result`` in its chain of snapshots."""
    ids, snapshot = set(), result
    while snapshot is not None:
        rescore_id = Rescore.objects.filter(result=snapshot).values_list("pk", flat=True).first()
        if rescore_id is not None:
            ids.add(rescore_id)
        snapshot = (RoundResult.objects.get(pk=snapshot.supersedes_id)
                    if snapshot.supersedes_id else None)
    return ids


@transaction.atomic
def record_panel_decision(*, round, entry, user, selected, note=""):
    require_secretariat(user)
    ensure_not_finalised(round)
    _check_note(note)
    decision, _created = PanelDecision.objects.update_or_create(
        round=round, entry=entry,
        defaults={"selected": selected, "note": note, "decided_by": user,
                  "decided_at": timezone.now()},
    )
    log(instance=decision, action="judging.panel_decision", user=user,
        data={"round": round.pk, "entry": entry.pk, "selected": selected, "note": note})
    return decision


def _check_note(note):
    message = too_long(note, PANEL_NOTE_MAX)
    if message:
        raise ValidationError({"panel_note": message}, code="too_long")


def quota_outcome(*, result, quotas, names, note=""):
    """What the snapshot records about quotas: every unmet minimum, every seat given to
    fill a minimum (entry, cluster) and the panel's note accepting unmet minimums."""
    def name(dimension, cluster):
        return names.get((dimension, cluster), "")

    return {
        "unmet_minimums": [
            {"dimension": d, "cluster": c, "name": name(d, c), "min_seats": m, "selected": g}
            for d, c, m, g in result.unmet_minimums],
        "quota_seats": [
            {"entry": d.entry_id, "dimension": d.params["dimension"],
             "cluster": d.params["cluster"], "name": name(d.params["dimension"],
                                                          d.params["cluster"])}
            for d in result.decisions if d.reason_code == "selected_quota_min"],
        "panel_note": note if result.unmet_minimums else "",
    }


def _select(*, round, stats, quotas, panel):
    # Selection looks at an entry's clusters only for the round's quotas: without quotas
    # they are not read.
    by_entry = clusters.entry_clusters(round) if quotas else {}
    candidates = [selection.Candidate(entry_id=r.entry_id, rank=r.rank, score=r.score,
                                      clusters=by_entry.get(r.entry_id, {}))
                  for r in stats.ranking]
    quota_specs = [selection.Quota(q.dimension, q.cluster, q.min_seats, q.max_seats)
                   for q in quotas]
    grade = passing_grade(round)
    grade = None if grade is None else float(grade)
    applied = {}
    while True:
        try:
            result = selection.select_top(ranked=candidates, n=round.advance_count,
                                          passing_grade=grade, quotas=quota_specs,
                                          panel_decisions=applied)
        except ValueError as error:
            raise ValidationError(str(error)) from error
        if not result.cutoff_tie:
            return result, applied
        missing = [e for e in result.tied_entry_ids if e not in panel]
        if missing or all(e in applied for e in result.tied_entry_ids):
            raise CutoffTieError(entry_ids=result.tied_entry_ids, seats=result.tie_seats)
        applied.update({e: panel[e] for e in result.tied_entry_ids})


def _scored_rows(*, round, panel, quotas, allow_incomplete):
    pending = Assignment.objects.filter(round=round, status=AssignmentStatus.ACTIVE).exclude(
        score__status=ScoreStatus.SUBMITTED).count()
    if pending and not allow_incomplete:
        raise ValidationError(_("%(count)s assigned scores are not submitted yet.")
                              % {"count": pending})
    with without_collector_pauses():
        stats = round_scores(round=round)
        result, applied = _select(round=round, stats=stats, quotas=quotas, panel=panel)
        ranks = {r.entry_id: r for r in stats.ranking}
        names = clusters.cluster_names((q.dimension, q.cluster) for q in quotas)
        entries = stats.entries
        rows = []
        for decision in result.decisions:
            entry_id = decision.entry_id
            entry_stats = entries[entry_id]
            ranked = ranks[entry_id]
            few, disagreement, tied = (entry_stats.too_few_judges, entry_stats.disagreement,
                                       ranked.tied)
            flags = [name for name, on in (("too_few_judges", few),
                                           ("disagreement", disagreement),
                                           ("shared_rank", tied)) if on] if (
                few or disagreement or tied) else []
            # The params as JSON stores them, with the quota cluster's name when known.
            raw = decision.params
            params = _jsonable(raw)
            if names:
                key = (raw.get("dimension"), raw.get("cluster"))
                if key in names:
                    params["cluster_name"] = names[key]
            rows.append(RowValues(
                entry_id, decision.selected, decision.reason_code, params,
                ranked.rank, tied, entry_stats.mean_raw, entry_stats.score,
                entry_stats.n_judges, entry_stats.sd, flags,
            ))
    return rows, stats.rows, stats.criteria, stats.alpha, applied, (result, names)


def _jsonable(value):
    """``json.loads(json.dumps(value))`` for the selection's params (dicts with string
    keys, tuples, numbers, strings, None) without the round trip: tuples become lists."""
    if isinstance(value, dict):
        return {key if type(key) is str else str(key):
                item if type(item) in _SCALARS else _jsonable(item)
                for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


_SCALARS = frozenset({int, float, str, bool, type(None)})


RESULT_ROW_FIELDS = ["result_id", "entry_id", "rank", "shared_rank", "raw_mean", "score",
                     "n_judges", "sd", "flags", "selected", "reason_code", "reason_params",
                     "cluster", "source"]


@dataclass(slots=True)
class RowValues:
    """One entry's line of a result before it is stored, with ResultRow's fields and
    defaults: finalising copies them into the table without building model instances;
    re-scoring adjusts them and stores ``as_model(result)``."""

    entry_id: int
    selected: bool
    reason_code: str
    reason_params: dict = field(default_factory=dict)
    rank: int | None = None
    shared_rank: bool = False
    raw_mean: float | None = None
    score: float | None = None
    n_judges: int = 0
    sd: float | None = None
    flags: list = field(default_factory=list)
    cluster: str = ""
    source: str = ""

    def copy_row(self, result_id):
        """The values in the order of RESULT_ROW_FIELDS."""
        return [result_id, self.entry_id, self.rank, self.shared_rank, self.raw_mean,
                self.score, self.n_judges, self.sd, self.flags, self.selected,
                self.reason_code, self.reason_params, self.cluster, self.source]

    def as_model(self, result):
        return ResultRow(result=result, **{name: getattr(self, name)
                                           for name in RESULT_ROW_FIELDS[1:]})


def _pass_fail_rows(*, round):
    decisions = dict(ScreeningDecision.objects.filter(round=round).values_list(
        "entry_id", "pk"))
    entry_ids = list(round_entries(round).values_list("pk", flat=True))
    missing = [pk for pk in entry_ids if pk not in decisions]
    if missing:
        raise ValidationError(_("%(count)s entries have no decision yet.")
                              % {"count": len(missing)})
    raw = sorted(ScreeningDecision.objects.filter(round=round, entry_id__in=entry_ids)
                 .values_list("entry_id", "passed", "reasons"))
    rows = [RowValues(entry_id=entry_id, selected=passed,
                      reason_code="passed" if passed else "failed",
                      reason_params={"reasons": reasons})
            for entry_id, passed, reasons in raw]
    return rows, raw


def _round_inputs(*, round, panel, quotas, allow_incomplete):
    """(result rows, raw input rows, criteria, alpha, panel decisions applied, (selection
    result, cluster names) or None) of a round, scored or pass/fail: what finalising
    stores and what its checksum covers."""
    if round.is_scored:
        return _scored_rows(round=round, panel=panel, quotas=quotas,
                            allow_incomplete=allow_incomplete)
    rows, raw = _pass_fail_rows(round=round)
    return rows, raw, [], None, {}, None


def _snapshot(*, round, quotas, criteria, selected, note):
    """The settings stored with a result; with quotas, their outcome too (so the
    checksum covers the unmet minimums, the seats given by quota and the panel note)."""
    settings = _settings_snapshot(round, quotas, criteria)
    if quotas and selected is not None:
        result, names = selected
        settings["quota_outcome"] = quota_outcome(result=result, quotas=quotas, names=names,
                                                  note=note)
    return settings


@transaction.atomic
def finalise_round(*, round, user, panel_decisions=None, panel_note="", allow_incomplete=False,
                   accept_unmet_minimums=False):
    """Freeze the round into a RoundResult and move the selected entries on.

    ``panel_decisions`` ({entry_id: selected}) are recorded as PanelDecision rows first;
    stored panel decisions settle cut-off ties. An unresolved tie raises CutoffTieError
    and nothing is saved. A quota minimum the selection cannot meet raises
    UnmetMinimumError unless the panel accepts it (``accept_unmet_minimums``) with a
    ``panel_note``, which the snapshot and the audit log keep.

    The cyclic garbage collector is paused for the whole of it (without_collector_pauses)
    and resumes only once its working data is freed, so no collection walks the
    round's rows in between."""
    with without_collector_pauses():
        return _finalise(round=round, user=user, panel_decisions=panel_decisions,
                         panel_note=panel_note, allow_incomplete=allow_incomplete,
                         accept_unmet_minimums=accept_unmet_minimums)


def _finalise(*, round, user, panel_decisions, panel_note, allow_incomplete,
              accept_unmet_minimums):
    require_secretariat(user)
    panel_note = (panel_note or "").strip()
    _check_note(panel_note)
    # The same lock as saving a score or a decision: once we hold it, nothing that was
    # acknowledged is missing and nothing new can arrive (the round is closed).
    given, round = round, lock_round(round.pk)
    ensure_not_finalised(round)
    if round.status != RoundStatus.CLOSED:
        raise ValidationError(_("Close the round before finalising it (it is %(status)s).")
                              % {"status": round.get_status_display()}, code="round_not_closed")
    if (round.kind == RoundKind.SCREENING
            and round.competition.submission_deadline > timezone.now()):
        # Entries forwarded later would never be screened, nor ever judged.
        raise ValidationError(
            _("Registration for %(competition)s is open until %(deadline)s; screening can be "
              "finalised only after it closes.") % {
                "competition": round.competition.name,
                "deadline": timezone.localtime(round.competition.submission_deadline)
                .strftime("%Y-%m-%d %H:%M")}, code="registration_open")
    ensure_stage_ready(round)
    entries = {e.pk: e for e in Entry.objects.filter(pk__in=list(panel_decisions or {}))}
    for entry_id, chosen in (panel_decisions or {}).items():
        record_panel_decision(round=round, entry=entries[entry_id], user=user,
                              selected=chosen, note=panel_note)
    panel = dict(PanelDecision.objects.filter(round=round).values_list("entry_id", "selected"))
    quotas = list(round.quotas.all())
    rows, raw, criteria, alpha, applied, selected = _round_inputs(
        round=round, panel=panel, quotas=quotas, allow_incomplete=allow_incomplete)
    settings = _snapshot(round=round, quotas=quotas, criteria=criteria, selected=selected,
                         note=panel_note)
    unmet = settings.get("quota_outcome", {}).get("unmet_minimums", [])
    if unmet and not (accept_unmet_minimums and panel_note):
        raise UnmetMinimumError(unmet=unmet)
    result = RoundResult.objects.create(
        round=round, created_by=user, alpha=alpha, round_settings=settings,
        checksum=input_checksum(settings=settings, rows=raw, panel=applied),
    )
    insert_rows(ResultRow, RESULT_ROW_FIELDS, (row.copy_row(result.pk) for row in rows))
    _move_entries(round=round, rows=rows, user=user)
    round.status = given.status = RoundStatus.FINALISED
    round.save(update_fields=["status"])
    selected = sum(1 for row in rows if row.selected)
    log(instance=round, action="judging.finalise", user=user,
        data={"result": result.pk, "checksum": result.checksum, "entries": len(rows),
              "selected": selected, "panel_decisions": len(applied),
              "unmet_minimums": unmet, "panel_note": panel_note if unmet else ""})
    return result


def _move_entries(*, round, rows, user):
    following = next_round(round)
    if round.kind == RoundKind.SCREENING:
        passed, failed = "screen_pass", "screen_fail"
    elif round.kind == RoundKind.AWARD:
        # Everyone in an award round already holds an award (e.g. Top 45); not being
        # chosen for this extra tier (e.g. Outstanding) takes nothing away.
        passed = failed = "award"
    else:
        passed = "advance" if following else "award"
        failed = "not_advance"
    passed_status, failed_status = lifecycle.leads_to(passed), lifecycle.leads_to(failed)
    if connection.vendor == "postgresql":
        _move_in_one_update(
            moves=[(row.entry_id, row.selected) for row in rows],
            selected=(lifecycle.starts_from(passed), passed_status, (following or round).pk),
            rejected=(lifecycle.starts_from(failed), failed_status, round.pk))
    else:
        selected = [row.entry_id for row in rows if row.selected]
        rejected = [row.entry_id for row in rows if not row.selected]
        Entry.objects.filter(pk__in=selected, status__in=lifecycle.starts_from(passed)).update(
            status=passed_status, current_round=following or round)
        Entry.objects.filter(pk__in=rejected, status__in=lifecycle.starts_from(failed)).update(
            status=failed_status, current_round=round)
    now = timezone.now()
    texts = ReasonTexts()
    actor = None if user is None else user.pk
    insert_rows(EntryEvent, ["entry_id", "actor_id", "created_at", "round_id", "status", "note"],
                ([row.entry_id, actor, now, round.pk,
                  passed_status if row.selected else failed_status,
                  f"{round.name}: {texts.text(row.reason_code, row.reason_params)}"]
                 for row in rows))


def _move_in_one_update(*, moves, selected, rejected):
    """The two bulk updates of _move_entries as one statement on PostgreSQL: each
    (entry id, selected) of ``moves`` gets the (status, round) of ``selected`` or
    ``rejected`` if its status is one of that side's starting statuses."""
    meta = Entry._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    status = quote(meta.get_field("status").column)
    current = quote(meta.get_field("current_round").column)
    pk = quote(meta.pk.column)
    (from_yes, status_yes, round_yes), (from_no, status_no, round_no) = selected, rejected
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS e SET {status} = CASE WHEN m.chosen THEN %s ELSE %s END, "
            f"{current} = CASE WHEN m.chosen THEN %s ELSE %s END "
            "FROM unnest(%s::bigint[], %s::boolean[]) AS m(id, chosen) "
            f"WHERE e.{pk} = m.id AND CASE WHEN m.chosen THEN e.{status} = ANY(%s::text[]) "
            f"ELSE e.{status} = ANY(%s::text[]) END",
            [str(status_yes), str(status_no), round_yes, round_no,
             [entry_id for entry_id, _chosen in moves], [chosen for _id, chosen in moves],
             sorted(str(s) for s in from_yes), sorted(str(s) for s in from_no)])


@transaction.atomic
def publish_result(*, result, user):
    """Publish a finalised result; for a round with a tier, selected entries' innovations
    receive that Achievement (e.g. Top 99 KIPP 2025)."""
    require_secretariat(user)
    # The round's lock serialises publishing with decisions on entries (which make new
    # snapshots); then the current snapshot is the one published, whichever snapshot of
    # the round was given. Locking its row too: a double-click publishes it once.
    lock_round(result.round_id)
    current = RoundResult.objects.current().get(round_id=result.round_id)
    given = result if result.pk == current.pk else current
    result = RoundResult.objects.select_for_update().get(pk=current.pk)
    if result.published:
        raise ValidationError(_("This result is already published."))
    # Every publish path goes through here, so an open objection period (masa sanggah)
    # or an undecided objection always blocks the final list.
    blockers = final_publish_blockers(result)
    if blockers:
        raise ValidationError(blockers)
    result.published = True
    result.published_at = timezone.now()
    result.published_by = user
    result.save(update_fields=["published", "published_at", "published_by"])
    given.published, given.published_at, given.published_by = True, result.published_at, user
    round = result.round
    granted = 0
    if round.tier:
        competition = round.competition
        innovation_ids = list(result.rows.filter(selected=True).values_list(
            "entry__innovation_id", flat=True))
        grant_achievements(competition=competition, tier=round.tier,
                           innovation_ids=innovation_ids)
        granted = len(innovation_ids)
    log(instance=result, action="judging.publish", user=user,
        data={"round": round.pk, "tier": round.tier, "achievements": granted,
              "checksum": result.checksum, "supersedes": result.supersedes_id})
    page_cache.purge()  # the leaderboards, the profiles' awards, the home page
    return given


def recompute_checksum(*, result):
    """The checksum ``result`` would get if its round were finalised again from what the
    database holds now (settings, quotas, criteria, submitted scores or screening
    decisions, panel decisions). Equal to ``result.checksum`` unless an input changed
    after finalising. Read-only: nothing is written.

    A snapshot that supersedes another is checked through the chain: the first
    snapshot's inputs are recomputed, then each decision recorded for a later snapshot
    is added (decision_checksum)."""
    if result.supersedes_id is not None:
        parent = RoundResult.objects.get(pk=result.supersedes_id)
        decisions = ObjectionDecision.objects.filter(result=result).values_list(
            "objection_id", "objection__entry_id", "action")
        rescores = Rescore.objects.filter(result=result).values_list(
            "decision__objection_id", "entry_id", "decision__action")
        if rescores:
            # The round as this snapshot saw it: the re-scores applied up to it count.
            with counting_rescores(applied_rescores(result)):
                inputs = _recompute_inputs(result=result)
            return rescore_checksum(parent_checksum=recompute_checksum(result=parent),
                                    decisions=rescores, inputs=inputs)
        return decision_checksum(parent_checksum=recompute_checksum(result=parent),
                                 decisions=decisions)
    if result.round_settings.get("source") == ARCHIVE_SOURCE:
        return archive_checksum(result.round.competition.year, result.round.tier)
    with counting_rescores(()):  # as finalised: before any re-score
        return _recompute_inputs(result=result)


def _recompute_inputs(*, result):
    """input_checksum of ``result``'s round from what the database holds now."""
    round = result.round
    panel = dict(PanelDecision.objects.filter(round=round).values_list("entry_id", "selected"))
    quotas = list(round.quotas.all())
    _rows, raw, criteria, _alpha, applied, selected = _round_inputs(
        round=round, panel=panel, quotas=quotas, allow_incomplete=True)
    note = (result.round_settings.get("quota_outcome") or {}).get("panel_note", "")
    settings = _snapshot(round=round, quotas=quotas, criteria=criteria, selected=selected,
                         note=note)
    if "quota_outcome" not in result.round_settings:
        settings.pop("quota_outcome", None)  # finalised before quota outcomes were kept
    return input_checksum(settings=settings, rows=raw, panel=applied)


def verify_results(*, results=None):
    """[(result, ok)] for every finalised result (or those given), checking each stored
    checksum against a recomputation."""
    results = RoundResult.objects.select_related("round__competition").order_by(
        "round__competition__year", "round__order", "pk") if results is None else results
    return [(result, recompute_checksum(result=result) == result.checksum)
            for result in results]
