"""Wagtail's route and view-restriction check from the cache (portal/route_cache.py): each
path still gets its own page, in its own language, and a page no longer live, moved or
made private is never served from a remembered route."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, PageViewRestriction

from portal import page_cache
from tests.factories import InnovationPageFactory
from tests.judging.helpers import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(index):
    return InnovationPageFactory(parent=index, title="Layanan Antar Akta",
                                 slug="layanan-antar-akta")


def title_of(response):
    return response.context["page"].title


def test_each_path_keeps_its_own_page_once_routes_are_cached(client, profile, index,
                                                             home_page):
    paths = ["/inovasi/", "/", profile.url, "/en/"]
    for path in paths:
        client.get(path)  # routes stored

    titles = [title_of(client.get(path)) for path in paths]

    assert titles == ["Inovasi", home_page.title, "Layanan Antar Akta", "Innovation Portal"]


def test_a_cached_route_saves_the_tree_walk(client, profile):
    page_cache.purge()
    cold = count_queries(lambda: client.get(profile.url))
    warm = count_queries(lambda: client.get(profile.url))

    # Site 1 + home, index and profile (2 each: by slug, then specific) + restrictions 2
    # become one query for the profile.
    assert cold - warm >= 6


def test_a_page_built_after_a_purge_reads_private_sections_and_aliases_in_one_query(
        client, profile):
    """The restriction check (route_cache) and ``PageQuerySet.public()`` (page_cache)
    share one cached read of the private sections and the alias pages."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(profile.url)
    page_cache.purge()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(profile.url).status_code == 200

    reads = [q["sql"] for q in queries.captured_queries
             if 'JOIN "wagtailcore_pageviewrestriction"' in q["sql"]
             or '"alias_of_id" IS NOT NULL' in q["sql"]]
    assert len(reads) == 1
    assert "UNION ALL" in reads[0]


def test_a_page_taken_offline_without_any_signal_is_not_served(client, profile):
    client.get(profile.url)
    Page.objects.filter(pk=profile.pk).update(live=False)  # no purge

    assert client.get(profile.url).status_code == 404


def test_a_page_moved_without_any_signal_is_not_served_at_its_old_path(client, profile):
    old = profile.url
    client.get(old)
    Page.objects.filter(pk=profile.pk).update(url_path=profile.url_path.replace(
        "layanan-antar-akta", "layanan-baru"), slug="layanan-baru")  # no purge

    assert client.get(old).status_code == 404


def test_a_section_made_private_is_private_at_once(client, profile, index):
    client.get(profile.url)
    client.get(index.url)

    restriction = PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="Tim internal"))

    assert client.get(profile.url).status_code == 302  # to the sign-in page
    assert client.get(index.url).status_code == 302


def test_an_alias_of_a_private_page_keeps_the_restriction(client, profile, index, home_page):
    restriction = PageViewRestriction.objects.create(
        page=profile, restriction_type=PageViewRestriction.LOGIN)
    alias = profile.create_alias(parent=home_page, update_slug="alias-akta")

    assert restriction.page_id == profile.pk
    assert client.get(alias.url).status_code == 302
