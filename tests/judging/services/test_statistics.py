"""Round statistics: shared ranks and a constant number of queries."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from judging.services import assign_automatically, compute_round_statistics
from judging.services.statistics import ScoreRows, _Layout
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


def test_score_rows_in_any_criterion_order_read_and_stream_as_sorted_rows():
    # Values arriving in criterion-id order (b, a, c) with their texts in that order.
    layout = _Layout(("b", "a", "c"), (1, 0, 2))
    rows = ScoreRows(records=[(7, 30, layout, "5.00,7.50,10.00"), (8, 30, layout, "1.25,2,3")])
    expected = [(7, 30, "a", Decimal("7.50")), (7, 30, "b", Decimal("5.00")),
                (7, 30, "c", Decimal("10.00")), (8, 30, "a", Decimal("2")),
                (8, 30, "b", Decimal("1.25")), (8, 30, "c", Decimal("3"))]

    assert list(rows) == expected
    assert len(rows) == 6
    assert "".join(rows.json_chunks(batch=1)) == json.dumps(
        [[str(part) for part in row] for row in expected], separators=(",", ":"))
    assert ScoreRows([((7, 30), [("a", "7.50"), ("b", "5.00"), ("c", "10.00")]),
                      ((8, 30), [("a", "2"), ("b", "1.25"), ("c", "3")])]) == expected
