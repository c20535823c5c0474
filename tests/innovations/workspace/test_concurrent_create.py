"""Operators creating proposals at the same moment (the last days before a deadline):
each gets its own page in the innovation index, none an error."""

import pytest
from wagtail.models import Page

from innovations import services
from innovations.models import InnovationPage
from tests.innovations.workspace.test_autosave import run_concurrently


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_four_operators_creating_proposals_at_once_each_get_one(world):
    operators = [(world["unit_a1"], world["op_a1"]), (world["unit_a2"], world["op_a2"]),
                 (world["unit_b1"], world["op_b1"]), (world["unit_a1"], world["op_a1"])]

    outcomes = run_concurrently(4, lambda n: services.create_proposal(
        unit=operators[n][0], user=operators[n][1], title=f"Layanan Serentak {n}"))

    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["InnovationPage"] * 4
    pages = InnovationPage.objects.filter(title__startswith="Layanan Serentak")
    assert pages.count() == 4
    assert len(set(pages.values_list("path", flat=True))) == 4
    assert not any(Page.find_problems())
