"""Round statistics: shared ranks and a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from judging.services import assign_automatically, compute_round_statistics
from tests.judging.helpers import score_entry, total_for


@pytest.mark.django_db
def test_statistics_rank_with_shared_ranks(desk, scored):
    stats = compute_round_statistics(round=desk)

    assert [(r.entry_id, r.rank, r.tied) for r in stats.ranking] == [
        (scored[0].pk, 1, False), (scored[1].pk, 2, True), (scored[2].pk, 2, True),
        (scored[3].pk, 4, False)]
    assert stats.entries[scored[0].pk].score == pytest.approx(total_for(9))
    assert stats.expected == 8
    assert stats.submitted == 8


@pytest.mark.django_db
def test_statistics_query_count_is_constant(desk, judges, staff, make_entries):
    entries = make_entries(desk.competition, 1)
    assign_automatically(round=desk, user=staff)
    score_entry(desk, entries[0], 7)
    with CaptureQueriesContext(connection) as one:
        compute_round_statistics(round=desk)

    more = make_entries(desk.competition, 4)
    assign_automatically(round=desk, user=staff)
    for entry in more:
        score_entry(desk, entry, 6)
    with CaptureQueriesContext(connection) as many:
        stats = compute_round_statistics(round=desk)

    assert len(stats.entries) == 5
    assert len(one) == len(many)
    assert len(many) <= 8
