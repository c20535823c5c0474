"""Which entries take part in a round, and opening or closing it.

The first round of a competition takes every entry the agency admins forwarded;
each later round takes the entries selected in the previous round's result. This is
derived, never stored twice, so finalising a round is what moves entries on.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from judging.maths.scoring import CriterionSpec
from judging.models import Entry, EntryStatus, Round, RoundStatus

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
    """Entries taking part in ``round`` (a queryset, one query when evaluated)."""
    previous = previous_round(round)
    if previous is None:
        return (Entry.objects.filter(competition_id=round.competition_id)
                .exclude(status__in=NOT_IN_COMPETITION))
    # The previous round's *current* snapshot: an entry removed by a decision on an
    # objection (a superseding snapshot) is not in this round.
    return Entry.objects.filter(result_rows__result__round=previous,
                                result_rows__result__superseded_by__isnull=True,
                                result_rows__selected=True).exclude(status=EntryStatus.WITHDRAWN)


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
