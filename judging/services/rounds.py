"""Which entries take part in a round, and opening or closing it.

The first round of a competition takes every entry the agency admins forwarded;
each later round takes the entries selected in the previous round's result. This is
derived, never stored twice, so finalising a round is what moves entries on.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from innovations.models import AchievementTier
from judging.maths.scoring import CriterionSpec
from judging.maths.stages import needs_verification
from judging.models import Entry, EntryStatus, Round, RoundKind, RoundStatus

from .audit import log
from .entries import NOT_IN_COMPETITION
from .permissions import require_secretariat


def previous_round(round):
    return (Round.objects.filter(competition_id=round.competition_id, order__lt=round.order)
            .order_by("-order").first())


def next_round(round):
    return (Round.objects.filter(competition_id=round.competition_id, order__gt=round.order)
            .order_by("order").first())


def round_entries(round):
    """Entries taking part in ``round`` (a queryset, one query when evaluated). The
    Outstanding tier is chosen only within the groups the edition names
    (``Competition.outstanding_groups``, the special group by default)."""
    previous = previous_round(round)
    if previous is None:
        return (Entry.objects.filter(competition_id=round.competition_id)
                .exclude(status__in=NOT_IN_COMPETITION))
    # The previous round's *current* snapshot: an entry removed by a decision on an
    # objection (a superseding snapshot) is not in this round.
    entries = Entry.objects.filter(result_rows__result__round=previous,
                                   result_rows__result__superseded_by__isnull=True,
                                   result_rows__selected=True).exclude(
        status=EntryStatus.WITHDRAWN)
    if round.tier == AchievementTier.OUTSTANDING and round.competition.outstanding_groups:
        entries = entries.filter(group__in=round.competition.outstanding_groups)
    return entries


def passing_grade(round):
    """The round's passing grade, or for a scored round without one the edition's
    default (85 in 2025); None when neither is set."""
    if round.passing_grade is not None:
        return round.passing_grade
    if round.is_scored:
        return round.competition.default_passing_grade
    return None


def ensure_stage_ready(round):
    """Refuse to finalise a round that grants a tier after the Top 99 (or an award)
    before the edition's field verification is finalised: no Top 45 before the
    entries were verified in the field (judging.maths.stages)."""
    stages = round.competition.stages or []
    if not needs_verification(stages=stages, kind=round.kind, tier=round.tier):
        return
    verified = Round.objects.filter(competition_id=round.competition_id,
                                    kind=RoundKind.FIELD_VERIFICATION, order__lt=round.order,
                                    status=RoundStatus.FINALISED).exists()
    if not verified:
        raise ValidationError(
            _("%(round)s grants %(tier)s, which comes after field verification in this "
              "edition: finalise a field verification round placed before it first.")
            % {"round": round.name, "tier": round.get_tier_display() or
               round.get_kind_display()}, code="verification_first")


def criterion_specs(criteria):
    return [
        CriterionSpec(key=c.key, weight=float(c.weight), min_value=float(c.min_value),
                      max_value=float(c.max_value))
        for c in criteria
    ]


def lock_round(pk):
    """The round's row, locked until the transaction ends (PostgreSQL: SELECT … FOR
    UPDATE; SQLite serialises writing transactions anyway). Every change that must not
    interleave with closing or finalising (saving a score, recording a decision) takes
    this lock first and checks the status of the row it returns."""
    return Round.objects.select_for_update().get(pk=pk)


def ensure_not_finalised(round):
    # Ask the database: the caller's instance may predate finalise_round.
    if round.status == RoundStatus.FINALISED or Round.objects.filter(
            pk=round.pk, status=RoundStatus.FINALISED).exists():
        raise ValidationError(_("This round is finalised; its results can no longer change."))


@transaction.atomic
def set_round_status(*, round, user, status):
    """Open or close a round (draft → open → closed); finalising has its own service."""
    require_secretariat(user)
    given, round = round, lock_round(round.pk)
    ensure_not_finalised(round)
    if status == RoundStatus.FINALISED:
        raise ValidationError(_("Use finalise_round to finalise a round."))
    if status == RoundStatus.OPEN and round.is_scored and round.rubric_id is None:
        raise ValidationError(_("A scored round needs a rubric before it opens."))
    old = round.status
    round.status = given.status = status
    round.save(update_fields=["status"])
    log(instance=round, action="wagtail.edit", user=user,
        data={"status": {"old": old, "new": status}})
    return round
