"""Fixtures shared by every app's tests: the site's page tree in both languages."""

import pytest
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

