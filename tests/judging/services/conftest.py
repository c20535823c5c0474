"""Fixtures for the judging service tests (results and statistics)."""

import pytest

from judging.services import assign_automatically
from tests.judging.helpers import close_round, score_entry


@pytest.fixture
def scored(desk, judges, staff, make_entries):
    """Four entries scored 9, 8, 8 and 5 by both of their judges: a tie at the cut-off."""
    desk.tier = "top99"
    desk.save()
    entries = make_entries(desk.competition, 4)
    assign_automatically(round=desk, user=staff)
    for entry, value in zip(entries, (9, 8, 8, 5), strict=True):
        score_entry(desk, entry, value)
    close_round(desk, staff)
    return entries
