"""What a unit (and its agency admin) may learn of its entries in the workspace.

Finalising a round moves every entry of it at once (advanced, not advanced, awarded) and
writes the outcome in the entry's timeline with the round's reason ("outside the top
45"). Until the round's result is published, or announced as a provisional list with an
objection period, that outcome is the secretariat's alone: the workspace shows the entry
as "In judging" and leaves the outcome's timeline event out. Screening decisions are
different: each is e-mailed to the unit when it is recorded (services/screening.py), so
their status shows at once.
"""

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Value, When

from judging.models import EntryEvent, EntryStatus, RoundResult

# The statuses only finalising a scored or award round gives.
OUTCOMES = (EntryStatus.ADVANCED, EntryStatus.NOT_ADVANCED, EntryStatus.AWARDED)
# What the unit sees instead while the outcome is undisclosed.
UNDISCLOSED_STATUS = EntryStatus.IN_JUDGING


def undisclosed_results():
    """Finalised results that are neither published nor announced as provisional."""
    return RoundResult.objects.filter(published=False, objection_window__isnull=True)


def _undisclosed(round_ref):
    return Exists(undisclosed_results().filter(round=round_ref))


def unit_events(events):
    """``events`` (an EntryEvent queryset) less the outcomes not yet disclosed."""
    return events.alias(undisclosed=_undisclosed(OuterRef("round"))).filter(undisclosed=False)


def for_units(entries):
    """``entries`` (an Entry queryset) annotated with ``unit_status``: the status, or
    "In judging" while it is an outcome the unit may not see yet. Filter and count on
    ``unit_status`` (never ``status``) in anything a unit sees."""
    hidden_outcome = (EntryEvent.objects.filter(entry=OuterRef("pk"), status=OuterRef("status"))
                      .alias(undisclosed=_undisclosed(OuterRef("round")))
                      .filter(undisclosed=True))
    return entries.annotate(unit_status=Case(
        When(Q(status__in=OUTCOMES) & Exists(hidden_outcome), then=Value(UNDISCLOSED_STATUS.value)),
        default=F("status"), output_field=CharField(),
    ))
