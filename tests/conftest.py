"""Fixtures shared by every app's tests: the site's page tree in both languages."""

import pytest
from django.utils import translation
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


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Code called directly by a test (services, forms) speaks English, the source language.

    Requests still run in the language of their URL (Indonesian at /, English under
    /en/), set by LocaleMiddleware, so page tests see what a visitor sees.
    """
    translation.activate("en")
    yield
    translation.deactivate()
