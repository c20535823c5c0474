"""Fixtures for judging service tests: a competition with a desk round whose entries
come from different agencies and provinces, judges, and the secretariat."""

import pytest

from innovations.models import Province
from judging.models import RoundKind
from judging.services import create_default_rubrics
from tests.factories.innovations import AgencyFactory, InnovationPageFactory, innovation_index
from tests.factories.judging import (
    CompetitionFactory,
    EntryFactory,
    RoundFactory,
    judge,
    secretariat,
)


@pytest.fixture
def index(home_page):
    return innovation_index(home_page)


@pytest.fixture
def make_entries(index):
    def make(competition, n, *, provinces=("35", "32", "73")):
        entries = []
        for i in range(n):
            code = provinces[i % len(provinces)]
            agency = AgencyFactory(province=Province.objects.get(code=code))
            page = InnovationPageFactory(parent=index, agency=agency)
            entries.append(EntryFactory(competition=competition, innovation=page,
                                        revision=page.latest_revision))
        return entries
    return make


@pytest.fixture
def staff():
    return secretariat()


@pytest.fixture
def competition(db):
    return CompetitionFactory(year=2030)


@pytest.fixture
def desk(competition):
    rubric, _interview = create_default_rubrics(competition=competition)
    return RoundFactory(competition=competition, order=1, kind=RoundKind.DESK, rubric=rubric,
                        judges_per_entry=2, advance_count=2, name="Evaluasi")


@pytest.fixture
def judges(db):
    return [judge(f"juri{i}") for i in range(1, 5)]
