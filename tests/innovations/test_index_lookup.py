"""Finding a site's index pages (innovations.queries.index_places): the live one in the
visitor's locale, by tree order, and on PostgreSQL without walking the page tree."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page

from innovations.models import AgencyIndexPage, InnovationIndexPage
from innovations.queries import index_places
from portal import page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def reanalysed():
    """ANALYZE writes a table's row count in place: rolled back or not, the next tests in
    this process would plan for the thousands of pages a test added. Those pages go and
    the table is analysed again when the test ends."""
    yield
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM wagtailcore_page WHERE slug LIKE 'halaman-%'")
        cursor.execute("ANALYZE wagtailcore_page")


def first_live(model, *, locale):
    """The reference: the first live page of ``model`` in ``locale`` by tree order, as
    the ORM finds it (on PostgreSQL by walking the page tree, which index_places avoids)."""
    return model.objects.live().filter(locale=locale).order_by("path").first()


def place(model, *, locale):
    found = index_places().get((model._meta.label, locale.pk))
    return None if found is None else found.pk


def test_the_live_index_of_the_locale(public_index):
    indonesian = Locale.objects.get(language_code="id")
    english = Locale.objects.get(language_code="en")
    assert place(InnovationIndexPage, locale=indonesian) == public_index.pk
    found = Page.objects.get(pk=place(InnovationIndexPage, locale=english))
    assert found.locale_id == english.pk
    assert found.translation_key == public_index.translation_key


def test_none_when_the_type_has_no_live_page(public_index, home_page):
    indonesian = Locale.objects.get(language_code="id")
    assert place(AgencyIndexPage, locale=indonesian) is None
    draft = AgencyIndexPage(title="Instansi", slug="instansi", live=False,
                            locale=home_page.locale)
    home_page.add_child(instance=draft)
    assert place(AgencyIndexPage, locale=indonesian) is None
    public_index.unpublish()  # purges the shared cache, the places with it
    assert place(InnovationIndexPage, locale=indonesian) is None


def test_the_first_in_tree_order(public_index, home_page):
    second = InnovationIndexPage(title="Arsip", slug="arsip", locale=home_page.locale)
    home_page.add_child(instance=second)
    second.save_revision().publish()
    indonesian = Locale.objects.get(language_code="id")
    assert place(InnovationIndexPage, locale=indonesian) == public_index.pk


def _rows_read(plan, table):
    """Rows that the scans of ``table`` in an EXPLAIN (ANALYZE, FORMAT JSON) plan read."""
    own = (plan.get("Actual Rows", 0) + plan.get("Rows Removed by Filter", 0)) * plan.get(
        "Actual Loops", 1) if plan.get("Relation Name") == table else 0
    return own + sum(_rows_read(child, table) for child in plan.get("Plans", []))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans only")
def test_postgresql_does_not_walk_the_page_tree(public_index, home_page, reanalysed):
    # 3,000 plain pages under the index, written at once, then a second index page after
    # them (the highest id, the last in the tree): what the ORM's path-ordered query walks
    # to find it, and what a join in id order would walk.
    depth = public_index.depth + 1
    Page.objects.bulk_create([
        Page(title=f"Halaman {n}", draft_title=f"Halaman {n}", slug=f"halaman-{n}",
             path=Page._get_path(public_index.path, depth, n + 1), depth=depth,
             url_path=f"{public_index.url_path}halaman-{n}/", locale_id=public_index.locale_id,
             live=True)
        for n in range(3000)], batch_size=1000)
    Page.objects.filter(pk=public_index.pk).update(numchild=3000)
    archive = AgencyIndexPage(title="Instansi", slug="instansi-arsip", locale=home_page.locale)
    home_page.add_child(instance=archive)
    archive.save_revision().publish()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE wagtailcore_page")
    indonesian = Locale.objects.get(language_code="id")
    page_cache.purge()
    with CaptureQueriesContext(connection) as queries:
        assert place(AgencyIndexPage, locale=indonesian) == archive.pk
        assert place(InnovationIndexPage, locale=indonesian) == public_index.pk
    assert len(queries.captured_queries) == 2
    read = 0
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {query['sql']}")
            [[plan]] = cursor.fetchone()
            read += _rows_read(plan["Plan"], "wagtailcore_page")
    # The index pages' own rows (a few per locale), never the tree of profiles: the small
    # tables were never analysed (as autovacuum leaves a table of two rows), so a join
    # would be planned for 1,270 index pages and hash every page.
    assert read < 50
    # What it replaced walks the tree in path order on this data.
    old = AgencyIndexPage.objects.live().filter(locale=indonesian).order_by("path")[:1]
    assert "wagtailcore_page_path_key" in old.explain()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans only")
def test_the_site_menu_reads_the_menu_pages_not_the_tree_below(public_index, rf, reanalysed):
    """The menu (the home page's children) through the (depth, path) index of migration
    innovations 0012: without it PostgreSQL reads every page below the home page, the
    whole archive, on every page rendered after a purge."""
    from django.utils import translation

    from portal.context_processors import navigation

    Page.objects.filter(pk=public_index.pk).update(show_in_menus=True)
    depth = public_index.depth + 1
    Page.objects.bulk_create([
        Page(title=f"Halaman {n}", draft_title=f"Halaman {n}", slug=f"halaman-{n}",
             path=Page._get_path(public_index.path, depth, n + 1), depth=depth,
             url_path=f"{public_index.url_path}halaman-{n}/", locale_id=public_index.locale_id,
             live=True, show_in_menus=True)
        for n in range(3000)], batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE wagtailcore_page")
    request = rf.get("/", HTTP_HOST="localhost")
    with translation.override("id"), CaptureQueriesContext(connection) as queries:
        titles = [page["title"] for page in navigation(request)["nav_pages"]]
    assert public_index.title in titles
    assert "Halaman 1" not in titles  # grandchildren are not in the menu
    menu = [q["sql"] for q in queries.captured_queries
            if 'AND "wagtailcore_page"."show_in_menus"' in q["sql"]]
    assert len(menu) == 1
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {menu[0]}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "innovations_page_children_idx" in plan, plan


# The index pages' places and URLs for every public page (innovations.queries.index_places,
# localized_index_url): two queries for every index model after a purge.

def _index_urls(language, request=None):
    from django.test import RequestFactory
    from django.utils import translation

    from innovations.queries import localized_index_url
    from judging.models import CompetitionIndexPage

    request = request or RequestFactory().get("/")
    with translation.override(language):
        return [localized_index_url(request, model)
                for model in (InnovationIndexPage, AgencyIndexPage, CompetitionIndexPage)]


def test_every_index_url_comes_from_two_queries(public_index, agency_index):
    from django.test import RequestFactory
    from wagtail.models import Site

    from portal import page_cache

    request = RequestFactory().get("/")
    Site.find_for_request(request)  # as routing the request did
    # Wagtail's own lookups first (the site's root paths; the locales, memoised per process).
    _index_urls("id", request)
    _index_urls("en", request)
    page_cache.purge()
    request = RequestFactory().get("/")
    Site.find_for_request(request)
    with CaptureQueriesContext(connection) as queries:
        assert _index_urls("id", request) == ["/inovasi/", "/instansi/", None]
    assert len(queries.captured_queries) == 2
    assert "UNION ALL" in queries.captured_queries[0]["sql"]
    with CaptureQueriesContext(connection) as queries:
        assert _index_urls("en", request) == ["/en/inovasi/", "/en/instansi/", None]
    assert len(queries.captured_queries) == 0  # the places are shared by both languages


def test_index_places_agree_with_the_orm_by_tree_order(public_index, agency_index, home_page):
    second = InnovationIndexPage(title="Arsip", slug="arsip", locale=home_page.locale)
    home_page.add_child(instance=second)
    second.save_revision().publish()
    places = index_places()
    for model in (InnovationIndexPage, AgencyIndexPage):
        for locale in Locale.objects.all():
            found = first_live(model, locale=locale)
            place = places.get((model._meta.label, locale.pk))
            assert (None if place is None else place.pk) == (
                None if found is None else found.pk), (model, locale)


def test_an_unpublished_translation_falls_back_to_the_default_language(public_index,
                                                                       agency_index):
    english = AgencyIndexPage.objects.get(locale__language_code="en")
    assert _index_urls("en")[1] == "/en/instansi/"
    english.unpublish()  # purges the shared cache (portal/page_cache.py)
    assert _index_urls("en")[1] == "/instansi/"


def test_the_first_index_in_tree_order_until_it_is_unpublished(public_index, home_page):
    from innovations.queries import listed_innovations
    from tests.factories import InnovationPageFactory

    second = InnovationIndexPage(title="Arsip", slug="arsip", locale=home_page.locale)
    home_page.add_child(instance=second)
    second.save_revision().publish()
    first_profile = InnovationPageFactory(parent=public_index)
    archived = InnovationPageFactory(parent=second)
    assert _index_urls("id")[0] == "/inovasi/"
    assert list(listed_innovations().values_list("pk", flat=True)) == [first_profile.pk]
    public_index.unpublish()  # purges the shared cache, the places with it
    assert _index_urls("id")[0] == "/arsip/"
    assert list(listed_innovations().values_list("pk", flat=True)) == [archived.pk]
    second.unpublish()
    assert _index_urls("id")[0] is None
    assert not listed_innovations().exists()
