"""Wagtail's Locale lookups memoised per process (portal/locales.py)."""

import pytest
from wagtail.models import Locale

from portal import locales as locale_memo
from tests.judging.helpers import count_queries

pytestmark = pytest.mark.django_db


def test_second_lookup_needs_no_query(locales):
    Locale.get_default()

    assert count_queries(Locale.get_default) == 0
    assert Locale.get_default().language_code == "id"


def test_a_deleted_locale_is_forgotten(locales):
    Locale.objects.get_for_language("en").delete()

    with pytest.raises(Locale.DoesNotExist):
        Locale.objects.get_for_language("en")


def test_a_missing_locale_is_not_remembered(locales):
    Locale.objects.filter(language_code="en").delete()
    with pytest.raises(Locale.DoesNotExist):
        Locale.objects.get_for_language("en")

    assert "en" not in locale_memo._memo
    created = Locale.objects.create(language_code="en")
    assert Locale.objects.get_for_language("en").pk == created.pk
