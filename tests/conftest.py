"""Fixtures shared by every app's tests: the site's page tree in both languages, the
innovation index, and a small world of agencies, units and people (used by the
workspace tests and by the judging entry-lifecycle tests)."""

import pytest
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale

from home.seed import ensure_home, ensure_translation
from tests.factories import (
    AgencyFactory,
    CompetitionFactory,
    UnitFactory,
    agency_admin,
    innovation_index,
    operator,
)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with empty caches: the menu and the page cache
    (portal/page_cache.py) live there, and rows of an earlier test are rolled back."""
    from django.core.cache import cache

    from portal import locales

    cache.clear()
    locales.clear()  # the Locale rows of an earlier test are rolled back too


@pytest.fixture
def locales(db):
    locale_id, _ = Locale.objects.get_or_create(language_code="id")
    locale_en, _ = Locale.objects.get_or_create(language_code="en")
    return {"id": locale_id, "en": locale_en}


@pytest.fixture
def home_page(locales):
    """The Indonesian home page as the default site's root, with its English translation."""
    home = ensure_home(locale=locales["id"])
    ensure_translation(home, locales["en"], title="Innovation Portal", fields={})
    return home


@pytest.fixture
def index(home_page):
    """The published innovation index /inovasi/ (Indonesian only)."""
    return innovation_index(home_page)


@pytest.fixture
def world(index):
    """Two agencies: A with units A1 and A2, B with unit B1; one user per role; a
    competition taking submissions now."""
    # A request to /en/ leaves English active in this thread; reverse() must give /.
    translation.activate("id")
    agency_a = AgencyFactory(name="Pemerintah Kota Alpha")
    agency_b = AgencyFactory(name="Pemerintah Kota Beta")
    unit_a1 = UnitFactory(agency=agency_a, name="Dinas Kependudukan")
    unit_a2 = UnitFactory(agency=agency_a, name="Dinas Kesehatan")
    unit_b1 = UnitFactory(agency=agency_b, name="Dinas Perizinan")
    competition = CompetitionFactory(open=True)
    return {
        "agency_a": agency_a, "agency_b": agency_b,
        "unit_a1": unit_a1, "unit_a2": unit_a2, "unit_b1": unit_b1,
        "op_a1": operator(unit_a1, username="op-a1"),
        "op_a2": operator(unit_a2, username="op-a2"),
        "op_b1": operator(unit_b1, username="op-b1"),
        "admin_a": agency_admin(agency_a, username="admin-a"),
        "admin_b": agency_admin(agency_b, username="admin-b"),
        "competition": competition,
        "index": index,
    }


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgresql`` (concurrency under real row locks) run only when the
    suite runs on PostgreSQL (CI runs it on both); on SQLite they are deselected."""
    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    deselected = [item for item in items if item.get_closest_marker("postgresql")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]
