"""The query behind the blind rule (judging/services/blind.py explains the rule): which
innovations are withheld from every public surface. Here, beside the models, because the
innovation database (innovations/queries.py) reads it and models may not import services.
"""

from django.db.models import Exists, OuterRef

from .competition import Entry, EntryStatus
from .rounds import Round
from .scores import RoundResult

# Entries not (or no longer) in the competition's rounds: they do not hide the profile.
# The same set as judging.services.entries.NOT_IN_COMPETITION (a test checks it).
NOT_ENTERED = frozenset({EntryStatus.SUBMITTED, EntryStatus.RETURNED, EntryStatus.WITHDRAWN})


def unpublished_blind_rounds():
    """Blind rounds without a published result (none yet, or finalised and unpublished)."""
    published = RoundResult.objects.filter(round=OuterRef("pk"), published=True)
    return Round.objects.filter(blind=True).alias(done=Exists(published)).filter(done=False)


def withheld_innovations():
    """A subquery of the primary keys of the innovations the blind rule withholds."""
    return (Entry.objects.exclude(status__in=NOT_ENTERED)
            .filter(competition__rounds__in=unpublished_blind_rounds())
            .values("innovation_id"))
