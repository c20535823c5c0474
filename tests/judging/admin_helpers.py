"""Helpers for the judging admin screen tests: assignments and score sheets made
through the services, and a query counter."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from judging.models import Assignment
from judging.services import assign_manually, save_scores


def assign(*, round, entry, judge, staff):
    return assign_manually(round=round, entry=entry, judge=judge, user=staff)


def sheet(round, value=7, comment="Bukti cukup jelas."):
    """Values for every criterion of the round's rubric: {key: (value, comment)}."""
    return {c.key: (str(value), comment) for c in round.rubric.criteria.all()}


def submit(assignment, value=7, comment="Bukti cukup jelas."):
    assignment = Assignment.objects.get(pk=assignment.pk)
    return save_scores(assignment=assignment, user=assignment.judge,
                       values=sheet(assignment.round, value, comment), submit=True)


def post_data(round, value=7, comment="Bukti cukup jelas.", **extra):
    data = {}
    for key, (v, c) in sheet(round, value, comment).items():
        data[f"value-{key}"] = v
        data[f"comment-{key}"] = c
    data.update(extra)
    return data


def count_queries(func):
    with CaptureQueriesContext(connection) as context:
        func()
    return len(context.captured_queries)
