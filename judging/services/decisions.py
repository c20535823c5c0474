"""Decisions on the entry of an upheld objection: remove it from the tier, or keep it.

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
- ``reinstate``: the entry stays; no new snapshot.

A decision is possible until the round's final list is published, and only while the
next round is not finalised. Repeating the same decision changes nothing (no second
snapshot, no second audit entry).
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
    ResultRow,
    RoundKind,
    RoundResult,
    RoundStatus,
)
from judging.models import Entry as EntryModel
from portal import page_cache

from . import entries as lifecycle
from . import limits
from .audit import log, log_many
from .permissions import require_secretariat
from .results import decision_checksum, reason_text
from .rounds import lock_round, next_round

ROW_FIELDS = ("entry_id", "rank", "shared_rank", "raw_mean", "score", "n_judges", "sd",
              "flags", "selected", "reason_code", "reason_params", "cluster", "source")


def _check(*, objection, action, note):
    errors = {}
    if action not in EntryDecisionAction.values:
        errors["action"] = _("Choose whether the entry is removed or kept.")
    if not note:
        errors["note"] = _("Write the reasons for the decision.")
    elif limits.too_long(note, limits.LONG_TEXT_MAX):
        errors["note"] = limits.too_long(note, limits.LONG_TEXT_MAX)
    if errors:
        raise ValidationError(errors)
    if objection.status != ObjectionStatus.UPHELD:
        raise ValidationError(_("Only an upheld objection opens a decision on the entry."))


@transaction.atomic
def decide_entry(*, objection, user, action, note):
    """Record the secretariat's decision on the entry of an upheld objection (see the
    module docstring); returns the ObjectionDecision."""
    require_secretariat(user)
    note = (note or "").strip()
    round_id = Objection.objects.filter(pk=objection.pk).values_list(
        "result__round_id", flat=True).get()
    # The round's lock: decisions, finalising and publishing of the round take turns, so
    # two decisions never supersede the same snapshot.
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
    if current.published:
        raise ValidationError(_("The final list of %(round)s is already published; a "
                                "decision can no longer change it.") % {"round": round.name})
    new_result, cancelled = None, []
    if action == EntryDecisionAction.REMOVE:
        following = next_round(round)
        if following is not None and following.status == RoundStatus.FINALISED:
            raise ValidationError(_("%(round)s is already finalised; the entry can no longer "
                                    "be taken out of it.") % {"round": following.name})
        row = ResultRow.objects.filter(result=current, entry=objection.entry).first()
        if row is not None and row.selected:
            new_result = _supersede(current=current, objection=objection, user=user,
                                    action=action)
            cancelled = _leave_round(round=following, entry=objection.entry, user=user,
                                     objection=objection)
            _entry_removed(round=round, objection=objection, user=user)
    decision = ObjectionDecision.objects.create(
        objection=objection, action=action, note=note, result=new_result, decided_by=user,
        decided_at=timezone.now())
    log(instance=objection, action="judging.entry_decision", user=user, data={
        "entry": objection.entry_id, "action": action, "note": note, "round": round.pk,
        "supersedes": current.pk if new_result else None,
        "result": new_result.pk if new_result else None,
        "checksum": new_result.checksum if new_result else None,
        "cancelled_assignments": [a.pk for a in cancelled]})
    page_cache.purge()  # the provisional list's outcomes, the certificate check
    return decision


def _supersede(*, current, objection, user, action):
    """A copy of ``current`` without the objection's entry selected, superseding it."""
    result = RoundResult.objects.create(
        round_id=current.round_id, supersedes=current, created_by=user, alpha=current.alpha,
        round_settings=current.round_settings,
        checksum=decision_checksum(parent_checksum=current.checksum,
                                   decisions=[(objection.pk, objection.entry_id, action)]))
    rows = []
    for row in current.rows.all():
        values = {field: getattr(row, field) for field in ROW_FIELDS}
        if row.entry_id == objection.entry_id:
            values.update(selected=False, reason_code="removed_by_objection",
                          reason_params={"objection": objection.pk},
                          flags=[*row.flags, "removed_by_objection"])
        rows.append(ResultRow(result=result, **values))
    ResultRow.objects.bulk_create(rows, batch_size=1000)
    return result


def _leave_round(*, round, entry, user, objection):
    """Cancel the entry's active assignments in ``round`` (the next round), audited."""
    if round is None:
        return []
    assignments = list(Assignment.objects.select_for_update().filter(
        round=round, entry=entry, status=AssignmentStatus.ACTIVE))
    if not assignments:
        return []
    Assignment.objects.filter(pk__in=[a.pk for a in assignments]).update(
        status=AssignmentStatus.CANCELLED)
    log_many(instances=assignments, action="judging.assignment_cancel", user=user,
             data_for=lambda a: {"round": round.pk, "entry": entry.pk, "judge": a.judge_id,
                                 "objection": objection.pk})
    return assignments


def _entry_removed(*, round, objection, user):
    status = None
    if round.kind != RoundKind.AWARD:
        # In an award round the entry keeps the award it already holds (e.g. Top 45).
        status = lifecycle.leads_to("remove")
        EntryModel.objects.filter(pk=objection.entry_id,
                                  status__in=lifecycle.starts_from("remove")).update(
            status=status, current_round=round)
    entry = EntryModel.objects.get(pk=objection.entry_id)
    EntryEvent.objects.create(
        entry=entry, actor=user, created_at=timezone.now(), status=status or entry.status,
        note=f"{round.name}: " + reason_text("removed_by_objection",
                                             {"objection": objection.pk}))
