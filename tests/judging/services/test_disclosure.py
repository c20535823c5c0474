"""The workspace's view of an entry's outcome (judging/services/disclosure.py): a
finalised round's outcome reaches the unit once the result is published or announced."""

import datetime

import pytest
from django.utils import timezone

from judging.models import Entry, EntryEvent, EntryStatus
from judging.services import disclosure, finalise_round, publish_result
from judging.services.objections import announce_provisional

pytestmark = pytest.mark.django_db


@pytest.fixture
def finalised(desk, scored, staff):
    """The desk round (Top 99 tier) finalised from four scored entries; not published."""
    desk.advance_count = 2
    desk.requires_objection_period = False  # publishable at once; announcing has a test
    desk.save()
    result = finalise_round(round=desk, user=staff, panel_decisions={
        scored[1].pk: True, scored[2].pk: False})
    return result


def unit_statuses(entries):
    return dict(disclosure.for_units(Entry.objects.filter(pk__in=[e.pk for e in entries]))
                .values_list("pk", "unit_status"))


def test_finalising_records_the_round_on_each_outcome(finalised, scored):
    events = EntryEvent.objects.filter(entry__in=scored, round=finalised.round)
    assert events.count() == len(scored)


def test_an_undisclosed_outcome_reads_in_judging(finalised, scored):
    assert {Entry.objects.get(pk=e.pk).status for e in scored} != {EntryStatus.IN_JUDGING}
    assert set(unit_statuses(scored).values()) == {EntryStatus.IN_JUDGING}
    visible = disclosure.unit_events(EntryEvent.objects.filter(entry__in=scored))
    assert not visible.filter(round=finalised.round).exists()


def test_publishing_discloses_the_outcome(finalised, scored, staff):
    publish_result(result=finalised, user=staff)
    statuses = unit_statuses(scored)
    assert statuses == {e.pk: Entry.objects.get(pk=e.pk).status for e in scored}
    assert EntryStatus.IN_JUDGING not in statuses.values()
    visible = disclosure.unit_events(EntryEvent.objects.filter(entry__in=scored))
    assert visible.filter(round=finalised.round).count() == len(scored)


def test_a_provisional_announcement_discloses_the_outcome(finalised, scored, staff):
    now = timezone.now()
    announce_provisional(result=finalised, user=staff, opens_at=now,
                         closes_at=now + datetime.timedelta(days=5))
    assert EntryStatus.IN_JUDGING not in unit_statuses(scored).values()


def test_other_statuses_are_shown_as_they_are(desk, make_entries):
    entry = make_entries(desk.competition, 1)[0]
    assert unit_statuses([entry]) == {entry.pk: EntryStatus.FORWARDED}
