"""Decisions on the entry of an upheld objection: remove it from the tier, score it
again, reinstate it or keep it.

Upholding an objection (judging.services.objections.decide_objection) says the objector
was right; what that means for the entry is a separate decision of the secretariat,
recorded here as an ObjectionDecision:

- ``remove``: a new result snapshot is made that supersedes the round's current one
  (both are kept, linked by ``RoundResult.supersedes``). It is a copy of the current
  snapshot in which the entry is no longer selected (reason "removed after objection
  no. N"); nobody else moves, no seat is refilled. Its checksum covers the checksum of
  the snapshot it supersedes (so the round's inputs) and the decision. The entry's
  status becomes "not advanced" (except in an award round, where it keeps the award it
  already holds), it leaves the next round (which is derived from the current snapshot)
  and its active assignments there are cancelled. The published list, the achievements
  and the certificates all come from the current snapshot, so the entry gets none.
- ``reinstate``: an entry removed by an earlier decision comes back, by a new snapshot
  (a copy of the current one with the entry selected again, with the reason it had
  before the removal).
- ``rescore``: the entry's assignments in the round are set aside (kept with their
  scores, audited) and panel judges without a conflict score it again on new
  assignments (a Rescore). The current snapshot does not change until the secretariat
  applies the re-score (``apply_rescore``) once every new score is submitted: the round
  is computed again exactly as finalising computes it (judging.services.results), with
  the new scores instead of those set aside and the earlier removals kept, into a
  snapshot that supersedes the current one. Its checksum covers the superseded
  snapshot's, the decision and the new inputs. While a re-score is pending the final
  list cannot be published.
- ``keep``: the entry stays where it is; no new snapshot.

A decision is possible before and after the round's final list is published, while the
next round is not finalised. After publication a new snapshot is published at once: it
keeps the publication date, awards (achievements) follow it (taken back from entries no
longer selected, granted to new ones, audited), so the certificate check says the
certificate was withdrawn, and the public list follows. Repeating the same decision
changes nothing (no second snapshot, no second audit entry).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from judging.models import (
    Assignment,
    AssignmentStatus,
    EntryDecisionAction,
    EntryEvent,
    Objection,
    ObjectionDecision,
    ObjectionStatus,
    PanelDecision,
    Rescore,
    RescoreStatus,
    ResultRow,
    RoundKind,
    RoundResult,
    RoundStatus,
    ScoreStatus,
)
from judging.models import Entry as EntryModel
from portal import page_cache

from . import entries as lifecycle
from . import limits
from .achievements import grant_achievements, withdraw_achievements
from .assignments import eligible_judges
from .audit import log, log_many
from .permissions import require_secretariat
from .results import (
    UnmetMinimumError,
    _check_note,
    _round_inputs,
    _snapshot,
    applied_rescores,
    decision_checksum,
    input_checksum,
    reason_text,
    rescore_checksum,
)
from .rounds import lock_round, next_round
from .statistics import counting_rescores

A = EntryDecisionAction
ROW_FIELDS = ("entry_id", "rank", "shared_rank", "raw_mean", "score", "n_judges", "sd",
              "flags", "selected", "reason_code", "reason_params", "cluster", "source")
REMOVED = "removed_by_objection"


def _check(*, objection, action, note):
    errors = {}
    if action not in A.values:
        errors["action"] = _("Choose whether the entry is removed, scored again, reinstated "
                             "or kept.")
    if not note:
        errors["note"] = _("Write the reasons for the decision.")
    elif limits.too_long(note, limits.LONG_TEXT_MAX):
        errors["note"] = limits.too_long(note, limits.LONG_TEXT_MAX)
    if errors:
        raise ValidationError(errors)
    if objection.status != ObjectionStatus.UPHELD:
        raise ValidationError(_("Only an upheld objection opens a decision on the entry."))


def _following_not_finalised(round):
    following = next_round(round)
    if following is not None and following.status == RoundStatus.FINALISED:
        raise ValidationError(_("%(round)s is already finalised; the entry can no longer "
                                "be taken out of it or put back.") % {"round": following.name})
    return following


@transaction.atomic
def decide_entry(*, objection, user, action, note):
    """Record the secretariat's decision on the entry of an upheld objection (see the
    module docstring); returns the ObjectionDecision."""
    require_secretariat(user)
    note = (note or "").strip()
    round_id = Objection.objects.filter(pk=objection.pk).values_list(
        "result__round_id", flat=True).get()
    # The round's lock: decisions, re-scores, finalising and publishing of the round take
    # turns, so two decisions never supersede the same snapshot.
    round = lock_round(round_id)
    objection = (Objection.objects.select_for_update()
                 .select_related("entry__innovation", "result__round")
                 .get(pk=objection.pk))
    existing = ObjectionDecision.objects.filter(objection=objection).first()
    if existing is not None:
        if existing.action == action:
            return existing  # a repeated submit: it took effect once
        raise ValidationError(_("The entry of this objection is already decided: %(action)s.")
                              % {"action": existing.get_action_display()})
    _check(objection=objection, action=action, note=note)
    current = RoundResult.objects.current().get(round=round)
    row = ResultRow.objects.filter(result=current, entry=objection.entry).first()
    new_result, cancelled, rescore = None, [], None
    if action == A.REMOVE:
        following = _following_not_finalised(round)
        if row is not None and row.selected:
            new_result = _supersede(current=current, entry_id=objection.entry_id, user=user,
                                    decisions=[(objection.pk, objection.entry_id, action)],
                                    change={"selected": False, "reason_code": REMOVED,
                                            "reason_params": {"objection": objection.pk},
                                            "flags": [*row.flags, REMOVED]})
            cancelled = _leave_round(round=following, entry_ids=[objection.entry_id],
                                     user=user, objection=objection)
            _entry_moved(round=round, entry_id=objection.entry_id, user=user, selected=False,
                         note=reason_text(REMOVED, {"objection": objection.pk}))
    elif action == A.REINSTATE:
        if row is None or row.selected or row.reason_code != REMOVED:
            raise ValidationError(_("The entry is not removed from %(round)s; there is "
                                    "nothing to reinstate.") % {"round": round.name})
        following = _following_not_finalised(round)
        before = _row_before_removal(current=current, entry_id=objection.entry_id)
        new_result = _supersede(current=current, entry_id=objection.entry_id, user=user,
                                decisions=[(objection.pk, objection.entry_id, action)],
                                change={"selected": True, "reason_code": before.reason_code,
                                        "reason_params": before.reason_params,
                                        "flags": [f for f in row.flags if f != REMOVED]})
        _entry_moved(round=round, entry_id=objection.entry_id, user=user, selected=True,
                     following=following,
                     note=_("Reinstated after objection no. %(objection)s")
                     % {"objection": objection.pk})
    elif action == A.RESCORE:
        if not round.is_scored:
            raise ValidationError(_("%(round)s has no scores; the entry cannot be scored "
                                    "again.") % {"round": round.name})
        if row is None:
            raise ValidationError(_("The entry is not in the result of %(round)s.")
                                  % {"round": round.name})
        _following_not_finalised(round)
    decision = ObjectionDecision.objects.create(
        objection=objection, action=action, note=note, result=new_result, decided_by=user,
        decided_at=timezone.now())
    if action == A.RESCORE:
        rescore = _start_rescore(round=round, decision=decision, user=user)
    published = _carry_publication(current=current, new=new_result, user=user)
    log(instance=objection, action="judging.entry_decision", user=user, data={
        "entry": objection.entry_id, "action": action, "note": note, "round": round.pk,
        "supersedes": current.pk if new_result else None,
        "result": new_result.pk if new_result else None,
        "checksum": new_result.checksum if new_result else None,
        "after_publication": current.published, "published": published,
        "rescore": rescore.pk if rescore else None,
        "cancelled_assignments": [a.pk for a in cancelled]})
    page_cache.purge()  # the lists' outcomes, the certificate check
    return decision


def _supersede(*, current, entry_id, user, decisions, change):
    """A copy of ``current`` with ``change`` made to the row of ``entry_id``, superseding
    it; its checksum covers ``current``'s and the decisions."""
    result = RoundResult.objects.create(
        round_id=current.round_id, supersedes=current, created_by=user, alpha=current.alpha,
        round_settings=current.round_settings,
        checksum=decision_checksum(parent_checksum=current.checksum, decisions=decisions))
    rows = []
    for row in current.rows.all():
        values = {field: getattr(row, field) for field in ROW_FIELDS}
        if row.entry_id == entry_id:
            values.update(change)
        rows.append(ResultRow(result=result, **values))
    ResultRow.objects.bulk_create(rows, batch_size=1000)
    return result


def _row_before_removal(*, current, entry_id):
    """The entry's row in the snapshot its latest removal superseded."""
    removal = (ObjectionDecision.objects.filter(
        action=A.REMOVE, objection__entry_id=entry_id, result__round_id=current.round_id)
        .select_related("result").order_by("-result_id").first())
    return ResultRow.objects.get(result_id=removal.result.supersedes_id, entry_id=entry_id)


def _removed_entries(round):
    """Entries the round's decisions removed and did not reinstate, in chain order."""
    removed = set()
    for entry_id, action in (ObjectionDecision.objects
                             .filter(result__round=round, action__in=[A.REMOVE, A.REINSTATE])
                             .order_by("result_id")
                             .values_list("objection__entry_id", "action")):
        (removed.add if action == A.REMOVE else removed.discard)(entry_id)
    return removed


def _leave_round(*, round, entry_ids, user, objection):
    """Cancel the entries' active assignments in ``round`` (the next round), audited."""
    if round is None or not entry_ids:
        return []
    assignments = list(Assignment.objects.select_for_update().filter(
        round=round, entry_id__in=entry_ids, status=AssignmentStatus.ACTIVE))
    if not assignments:
        return []
    Assignment.objects.filter(pk__in=[a.pk for a in assignments]).update(
        status=AssignmentStatus.CANCELLED)
    log_many(instances=assignments, action="judging.assignment_cancel", user=user,
             data_for=lambda a: {"round": round.pk, "entry": a.entry_id, "judge": a.judge_id,
                                 "objection": objection.pk})
    return assignments


def _entry_moved(*, round, entry_id, user, selected, note, following=None):
    """The entry's status after a decision took it off the round's list (not advanced)
    or put it on (advanced to the next round, or awarded in the last one). In an award
    round the entry keeps the award it already holds (e.g. Top 45)."""
    status = None
    if round.kind != RoundKind.AWARD:
        move = "remove" if not selected else ("reinstate" if following else "reinstate_award")
        status = lifecycle.leads_to(move)
        EntryModel.objects.filter(pk=entry_id, status__in=lifecycle.starts_from(move)).update(
            status=status, current_round=following or round)
    entry = EntryModel.objects.get(pk=entry_id)
    EntryEvent.objects.create(entry=entry, actor=user, created_at=timezone.now(), round=round,
                              status=status or entry.status, note=f"{round.name}: {note}")


def _carry_publication(*, current, new, user):
    """After the final list was published, a new snapshot is published at once (with the
    list's publication date) and the awards follow it. Returns whether it did."""
    if new is None or not current.published:
        return False
    RoundResult.objects.filter(pk=new.pk).update(
        published=True, published_at=current.published_at, published_by=current.published_by)
    new.published, new.published_at = True, current.published_at
    new.published_by = current.published_by
    round = current.round
    if not round.tier:
        return True

    def innovations(result):
        return set(result.rows.filter(selected=True).values_list("entry__innovation_id",
                                                                 flat=True))

    before, after = innovations(current), innovations(new)
    # An award another round of the edition also grants (same tier) stays.
    elsewhere = set(ResultRow.objects.filter(
        result__in=RoundResult.objects.current().filter(
            published=True, round__competition_id=round.competition_id,
            round__tier=round.tier).exclude(round_id=round.pk),
        selected=True, entry__innovation_id__in=before - after)
        .values_list("entry__innovation_id", flat=True))
    withdrawn = withdraw_achievements(competition=round.competition, tier=round.tier,
                                      innovation_ids=before - after - elsewhere)
    granted = grant_achievements(competition=round.competition, tier=round.tier,
                                 innovation_ids=after - before)
    if withdrawn or granted:
        log(instance=new, action="judging.achievement_withdraw", user=user, data={
            "round": round.pk, "tier": round.tier, "withdrawn": withdrawn,
            "granted": sorted(after - before), "supersedes": current.pk})
    return True


def _start_rescore(*, round, decision, user):
    """Set the entry's assignments in the round aside and assign panel judges anew."""
    entry = decision.objection.entry
    judge_ids, _conflicted = eligible_judges(round=round, entry=entry)
    needed = round.judges_per_entry
    if len(judge_ids) < needed:
        raise ValidationError(
            _("Only %(count)s judge(s) of the panel of %(round)s can score this entry again "
              "(no conflict of interest, not on it before, below their cap); %(needed)s are "
              "needed. Add judges to the panel or raise their caps first.")
            % {"count": len(judge_ids), "round": round.name, "needed": needed})
    rescore = Rescore.objects.create(decision=decision, round=round, entry=entry)
    old = list(Assignment.objects.select_for_update().filter(
        round=round, entry=entry, status=AssignmentStatus.ACTIVE))
    Assignment.objects.filter(pk__in=[a.pk for a in old]).update(
        status=AssignmentStatus.SET_ASIDE, set_aside_by=rescore)
    log_many(instances=old, action="judging.assignment_set_aside", user=user,
             data_for=lambda a: {"round": round.pk, "entry": entry.pk, "judge": a.judge_id,
                                 "rescore": rescore.pk,
                                 "objection": decision.objection_id})
    load = _loads(round=round, judge_ids=judge_ids)
    chosen = sorted(judge_ids, key=lambda j: (load.get(j, 0), j))[:needed]
    created = Assignment.objects.bulk_create(
        [Assignment(round=round, entry=entry, judge_id=j, rescore=rescore) for j in chosen])
    log_many(instances=created, action="judging.assign", user=user,
             data_for=lambda a: {"round": round.pk, "entry": entry.pk, "judge": a.judge_id,
                                 "automatic": True, "rescore": rescore.pk},
             label_for=lambda a: f"{round} · entry {entry.pk} · judge {a.judge_id}")
    return rescore


def _loads(*, round, judge_ids):
    loads = {}
    for judge_id in (Assignment.objects.filter(round=round, judge_id__in=judge_ids,
                                               status=AssignmentStatus.ACTIVE)
                     .values_list("judge_id", flat=True)):
        loads[judge_id] = loads.get(judge_id, 0) + 1
    return loads


def rescore_progress(rescore):
    """(submitted, assigned) new scores of a re-score."""
    assignments = Assignment.objects.filter(rescore=rescore, status=AssignmentStatus.ACTIVE)
    return (assignments.filter(score__status=ScoreStatus.SUBMITTED).count(),
            assignments.count())


@transaction.atomic
def apply_rescore(*, rescore, user, panel_note="", accept_unmet_minimums=False,
                  panel_decisions=None):
    """Apply a re-score whose new scores are all submitted: the round's result computed
    again as finalise_round computes it (the same functions), with this and the earlier
    applied re-scores counted and the earlier removals kept, into a snapshot that
    supersedes the current one. Entries whose selection changed move (status, next
    round); after publication the awards follow. Applying twice applies it once.

    A new tie across the cut-off raises CutoffTieError, as finalising does;
    ``panel_decisions`` ({entry_id: selected}) then settle it. They are stored as
    PanelDecision rows (audited) for entries that have none; a stored decision is never
    changed (the earlier snapshots' checksums cover it)."""
    require_secretariat(user)
    panel_note = (panel_note or "").strip()
    _check_note(panel_note)
    round = lock_round(rescore.round_id)
    rescore = Rescore.objects.select_for_update().select_related(
        "decision__objection").get(pk=rescore.pk)
    if rescore.status == RescoreStatus.APPLIED:
        return rescore.result
    submitted, assigned = rescore_progress(rescore)
    if assigned == 0 or submitted < assigned:
        raise ValidationError(_("%(count)s of the %(total)s new scores are submitted; apply "
                                "the re-score when all are in.")
                              % {"count": submitted, "total": assigned})
    following = _following_not_finalised(round)
    current = RoundResult.objects.current().get(round=round)
    panel = dict(PanelDecision.objects.filter(round=round).values_list("entry_id", "selected"))
    new_panel = {int(e): bool(c) for e, c in (panel_decisions or {}).items() if e not in panel}
    panel.update(new_panel)
    quotas = list(round.quotas.all())
    with counting_rescores(applied_rescores(current) | {rescore.pk}):
        rows, raw, criteria, alpha, applied, selected = _round_inputs(
            round=round, panel=panel, quotas=quotas, allow_incomplete=True)
        settings = _snapshot(round=round, quotas=quotas, criteria=criteria, selected=selected,
                             note=panel_note)
    unmet = settings.get("quota_outcome", {}).get("unmet_minimums", [])
    if unmet and not (accept_unmet_minimums and panel_note):
        raise UnmetMinimumError(unmet=unmet)
    objection = rescore.decision.objection
    _store_panel_decisions(round=round, decisions=new_panel, used=applied, user=user,
                           note=panel_note)
    result = RoundResult.objects.create(
        round=round, supersedes=current, created_by=user, alpha=alpha,
        round_settings=settings,
        checksum=rescore_checksum(
            parent_checksum=current.checksum,
            decisions=[(objection.pk, rescore.entry_id, A.RESCORE)],
            inputs=input_checksum(settings=settings, rows=raw, panel=applied)))
    removed = _removed_entries(round)
    before = dict(current.rows.values_list("entry_id", "selected"))
    removals = dict(current.rows.filter(reason_code=REMOVED).values_list("entry_id",
                                                                        "reason_params"))
    for row in rows:
        if row.entry_id in removed:  # an earlier removal stands; its seat stays empty
            row.selected, row.reason_code = False, REMOVED
            row.reason_params = removals.get(row.entry_id, {})
            row.flags = [*row.flags, REMOVED]
    ResultRow.objects.bulk_create([row.as_model(result) for row in rows], batch_size=1000)
    rescore.status, rescore.result = RescoreStatus.APPLIED, result
    rescore.applied_at, rescore.applied_by = timezone.now(), user
    rescore.save(update_fields=["status", "result", "applied_at", "applied_by"])
    moved = {row.entry_id: row for row in rows if before.get(row.entry_id) != row.selected}
    for entry_id, row in moved.items():
        _entry_moved(round=round, entry_id=entry_id, user=user, selected=row.selected,
                     following=following, note=_("after the re-score (objection no. "
                                                 "%(objection)s): %(reason)s") % {
                         "objection": objection.pk,
                         "reason": reason_text(row.reason_code, row.reason_params)})
    cancelled = _leave_round(round=following, objection=objection, user=user,
                             entry_ids=[e for e, row in moved.items() if not row.selected])
    published = _carry_publication(current=current, new=result, user=user)
    log(instance=result, action="judging.rescore_apply", user=user, data={
        "round": round.pk, "entry": rescore.entry_id, "objection": objection.pk,
        "rescore": rescore.pk, "supersedes": current.pk, "checksum": result.checksum,
        "moved": sorted(moved), "unmet_minimums": unmet,
        "panel_note": panel_note if unmet else "", "published": published,
        "cancelled_assignments": [a.pk for a in cancelled]})
    page_cache.purge()
    return result


def _store_panel_decisions(*, round, decisions, used, user, note):
    """Keep the panel's new tie decisions that the re-scored selection used."""
    now = timezone.now()
    for entry_id, selected in sorted(decisions.items()):
        if entry_id not in used:
            continue
        decision = PanelDecision.objects.create(round=round, entry_id=entry_id,
                                                selected=selected, note=note,
                                                decided_by=user, decided_at=now)
        log(instance=decision, action="judging.panel_decision", user=user, data={
            "round": round.pk, "entry": entry_id, "selected": selected, "note": note,
            "rescore": True})
