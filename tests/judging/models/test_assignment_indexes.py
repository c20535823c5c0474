"""The assignment table's indexes: none of its own on the round (every index below leads
with it), and the re-score links indexed only where set, so assigning 100,000 pairs
writes three index entries fewer per row (and none into indexes whose keys are all
equal)."""

import pytest
from django.db import connection

from judging.models import Assignment

pytestmark = pytest.mark.django_db


def indexes():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor,
                                                               Assignment._meta.db_table)
    return {name: info["columns"] for name, info in constraints.items() if info["index"]}


def test_no_index_of_its_own_on_the_round_but_every_lookup_by_round_still_has_one():
    columns = list(indexes().values())

    assert ["round_id"] not in columns
    assert sum(1 for cols in columns if cols[0] == "round_id") == 3  # besides the unique one


def test_the_rescore_links_are_indexed_once_each():
    columns = list(indexes().values())

    assert columns.count(["rescore_id"]) == 1
    assert columns.count(["set_aside_by_id"]) == 1


@pytest.mark.postgresql
def test_on_postgresql_the_rescore_indexes_hold_only_the_rows_that_have_one():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s",
                       [Assignment._meta.db_table])
        definitions = dict(cursor.fetchall())

    assert "WHERE (rescore_id IS NOT NULL)" in definitions["assign_rescore_idx"]
    assert "WHERE (set_aside_by_id IS NOT NULL)" in definitions["assign_set_aside_by_idx"]
