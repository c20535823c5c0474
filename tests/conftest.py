"""Fixtures shared by every app's tests: the site's page tree in both languages."""

import pytest
from django.conf import settings
from wagtail.models import Locale

from home.seed import ensure_home, ensure_translation


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



def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgresql`` (concurrency under real row locks) run only when the
    suite runs on PostgreSQL (CI runs it on both); on SQLite they are deselected."""
    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    deselected = [item for item in items if item.get_closest_marker("postgresql")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]
