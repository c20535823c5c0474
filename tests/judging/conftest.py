"""Fixtures for the judging tests: a competition with a desk round whose entries come from
different agencies and provinces, judges, and the secretariat; and, for the objection
period (services, admin screens and the public form), an unpublished provisional result
with its announced objection window."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone, translation

from innovations.models import Province
from judging.models import RoundKind
from judging.services import create_default_rubrics
from judging.services.objections import announce_provisional
from tests.factories import (
    AgencyFactory,
    CompetitionFactory,
    EntryFactory,
    InnovationPageFactory,
    RoundFactory,
    awarded_entries,
    competition_pages,
    judge,
    make_result,
    panel,
    secretariat,
)
from tests.judging.helpers import assign, close_round, submit


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
def staff(db):
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
def judges(db, request):
    """Four judges; in a test that also uses the desk round, they are its panel."""
    users = [judge(f"juri{i}") for i in range(1, 5)]
    if "desk" in request.fixturenames:
        panel(request.getfixturevalue("desk"), users)
    return users


# --- the objection period (masa sanggah)


@pytest.fixture
def clear_cache():
    """The public form's rate limit lives in the cache: start and end with it empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def english():
    """Service messages are asserted in English; requests switch the language
    themselves, so start the test from English."""
    with translation.override("en"):
        yield


@pytest.fixture
def objection_edition(home_page):
    """KIPP 2026 with its public pages (/kompetisi/2026/)."""
    competition = CompetitionFactory(year=2026, name="KIPP 2026")
    competition_pages(home_page, competition)
    return competition


@pytest.fixture
def provisional_entries(objection_edition, index):
    return awarded_entries(objection_edition, 3, index=index)


@pytest.fixture
def provisional_result(objection_edition, provisional_entries):
    """The finalised Top 99 round of KIPP 2026, not yet published."""
    return make_result(objection_edition, provisional_entries, published=False)


@pytest.fixture
def objection_window(provisional_result, staff):
    """The provisional list announced: objections open since yesterday, for four more days."""
    now = timezone.now()
    return announce_provisional(result=provisional_result, user=staff,
                                opens_at=now - datetime.timedelta(days=1),
                                closes_at=now + datetime.timedelta(days=4))


@pytest.fixture
def closed(desk, judges, staff, make_entries):
    """Three entries scored 9, 7 and 5 by two judges (advance 2: no tie), round closed."""
    entries = make_entries(desk.competition, 3)
    for entry, value in zip(entries, (9, 7, 5), strict=True):
        for judge_ in judges[:2]:
            submit(assign(round=desk, entry=entry, judge=judge_, staff=staff), value=value)
    close_round(desk, staff)
    return entries
