"""Judges' score sheets: save as draft, submit (then locked), reopen by the secretariat."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from judging.maths.scoring import rubric_total
from judging.models import (
    Assignment,
    AssignmentStatus,
    RescoreStatus,
    RoundStatus,
    Score,
    ScoreStatus,
    ScoreValue,
)

from . import limits
from .audit import log
from .permissions import require_secretariat
from .rounds import criterion_specs, ensure_not_finalised, lock_round


def plain(number):
    """7.50 -> "7.5", 10.00 -> "10" (a scale shown to people, not a Decimal repr)."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _parse(value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValueError from None
    if not number.is_finite():
        raise ValueError
    return number


def _check_values(*, criteria, values):
    """Parse and range-check. Returns ({key: (Decimal|None, comment)}, errors)."""
    by_key = {c.key: c for c in criteria}
    parsed, errors = {}, {}
    for key, item in values.items():
        value, comment = item if isinstance(item, tuple | list) else (item, "")
        criterion = by_key.get(key)
        if criterion is None:
            errors[key] = [_("Unknown criterion “%(key)s”.") % {"key": key}]
            continue
        try:
            number = _parse(value)
        except ValueError:
            errors[key] = [_("Enter a number.")]
            continue
        if number is not None and not criterion.min_value <= number <= criterion.max_value:
            errors[key] = [_("Enter a score from %(min)s to %(max)s.") % {
                "min": plain(criterion.min_value), "max": plain(criterion.max_value)}]
            continue
        if number is not None and number != number.quantize(Decimal("0.01")):
            errors[key] = [_("Use at most two decimals.")]
            continue
        comment = (comment or "").strip()
        if limits.too_long(comment, limits.LONG_TEXT_MAX):
            errors[key] = [limits.too_long(comment, limits.LONG_TEXT_MAX)]
            continue
        parsed[key] = (number, comment)
    return parsed, errors


def _completeness_errors(*, criteria, stored):
    errors = {}
    for criterion in criteria:
        value, comment = stored.get(criterion.key, (None, ""))
        if value is None and criterion.weight > 0:
            errors[criterion.key] = [_("Score this criterion before submitting.")]
        elif criterion.comment_required and not comment:
            errors[criterion.key] = [_("A comment is required for this criterion.")]
    return errors


def save_scores(*, assignment, user, values, submit=False):
    """Save a judge's values {criterion_key: (value, comment)} as a draft and, with
    ``submit``, submit the sheet. Every valid value is kept as a draft even when others are
    invalid (nothing typed well is lost); invalid values leave their stored value as it was
    and come back as ValidationError keyed by criterion, and the sheet is not submitted.
    Valid but incomplete on submit: the values are kept as a draft and ValidationError says
    what is missing. Returns the Score."""
    if user.pk != assignment.judge_id:
        raise PermissionDenied(_("You can only score entries assigned to you."))
    with transaction.atomic():
        score, complete_errors = _save(assignment=assignment, user=user, values=values,
                                       submit=submit)
    if complete_errors:
        raise ValidationError(complete_errors)
    return score


def ensure_open_for_scoring(round):
    """Refuse unless ``round`` (a row locked by the caller) takes scores."""
    if round.status in (RoundStatus.CLOSED, RoundStatus.FINALISED):
        raise ValidationError(_("This round is closed; scores can no longer be saved."),
                              code="round_closed")
    if round.status != RoundStatus.OPEN:
        raise ValidationError(_("This round is not open for scoring."), code="round_not_open")


def _save(*, assignment, user, values, submit):
    # Serialise on the round: closing and finalising take the same row lock, so a save
    # either commits before the round closes (and is counted) or sees it closed.
    round = lock_round(assignment.round_id)
    assignment = Assignment.objects.select_related("rescore").get(pk=assignment.pk)
    if assignment.rescore is None or assignment.rescore.status != RescoreStatus.PENDING:
        # A re-score after an objection is scored while its round is finalised.
        ensure_open_for_scoring(round)
    assignment.round = round
    if assignment.status != AssignmentStatus.ACTIVE:
        raise ValidationError(_("You recused from this entry."))
    if round.rubric_id is None:
        raise ValidationError(_("This round has no rubric yet."))
    criteria = list(round.rubric.criteria.all())
    score, _created = Score.objects.select_for_update().get_or_create(assignment=assignment)
    if score.status == ScoreStatus.SUBMITTED:
        raise ValidationError(_("This score is submitted and locked. Ask the secretariat to "
                                "reopen it if it must change."))
    parsed, invalid = _check_values(criteria=criteria, values=values)
    existing = {v.criterion_id: v for v in score.values.all()}
    by_key = {c.key: c for c in criteria}
    to_create, to_update = [], []
    for key, (value, comment) in parsed.items():
        row = existing.get(by_key[key].pk)
        if row is None:
            row = ScoreValue(score=score, criterion=by_key[key], value=value, comment=comment)
            existing[row.criterion_id] = row
            to_create.append(row)
        elif (row.value, row.comment) != (value, comment):
            row.value, row.comment = value, comment
            to_update.append(row)
    ScoreValue.objects.bulk_create(to_create)
    ScoreValue.objects.bulk_update(to_update, ["value", "comment"])
    score.updated_at = timezone.now()
    if invalid or not submit:
        score.save(update_fields=["updated_at"])
        return score, invalid
    stored = {c.key: (existing[c.pk].value, existing[c.pk].comment)
              for c in criteria if c.pk in existing}
    missing = _completeness_errors(criteria=criteria, stored=stored)
    if missing:
        score.save(update_fields=["updated_at"])
        return score, missing
    score.total = rubric_total(
        criteria=criterion_specs(criteria),
        values={key: float(value) for key, (value, _c) in stored.items() if value is not None},
    )
    score.status = ScoreStatus.SUBMITTED
    score.submitted_at = score.updated_at
    score.save(update_fields=["status", "submitted_at", "total", "updated_at"])
    log(instance=score, action="judging.score_submit", user=user,
        data={"round": round.pk, "entry": assignment.entry_id, "total": score.total})
    return score, {}


@transaction.atomic
def reopen_score(*, score, user, reason):
    """The secretariat reopens a submitted score so the judge can change it."""
    require_secretariat(user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for reopening the score.")})
    round = lock_round(score.assignment.round_id)
    ensure_not_finalised(round)
    score = Score.objects.select_for_update().get(pk=score.pk)
    if score.status != ScoreStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted score can be reopened."))
    old_total = score.total
    score.status = ScoreStatus.DRAFT
    score.submitted_at = None
    score.total = None
    score.updated_at = timezone.now()
    score.save(update_fields=["status", "submitted_at", "total", "updated_at"])
    log(instance=score, action="judging.score_reopen", user=user,
        data={"reason": reason, "previous_total": old_total,
              "judge": score.assignment.judge_id, "entry": score.assignment.entry_id})
    return score
