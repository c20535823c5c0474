"""The public search at 10,000 innovations (issue 13, deliver 6): the right count, titles
before text, page numbers, and an empty state. On SQLite it runs on the search
backend's FTS5 table, on PostgreSQL on the GIN index of the listing's vector
(innovations/0010); the test passes on both.

The innovations are bulk-created the way seed_demo creates them (Page rows with computed
tree paths, then the InnovationPage rows, then the search index in chunks), with short
texts, so the test takes seconds rather than minutes."""

import re
import uuid

import pytest
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Locale

from home.seed import ensure_home
from innovations import seed as innovations_seed
from innovations.filters import search_matches
from innovations.models import InnovationPage
from tests.factories import AgencyFactory, UnitFactory, innovation_index

pytestmark = pytest.mark.slow

TOTAL = 10_000
# Planted words: "posyandu" in 30 titles and 20 summaries only (50 matches: 3 pages of
# 24); "kaldera" in exactly one summary; nothing matches "zzzqqq".
IN_TITLE, IN_TEXT = 30, 20
FILLER = ["Layanan Perizinan Terpadu", "Sistem Informasi Kependudukan", "Pengaduan Warga",
          "Administrasi Kesehatan Daerah", "Pelayanan Pajak Kendaraan"]


def spec(number, *, unit, title, summary):
    published = timezone.now() - timezone.timedelta(minutes=number)
    return {"title": title, "slug": f"inovasi-skala-{number}", "live": True,
            "translation_key": uuid.UUID(int=number + 1, version=4), "published_at": published,
            "agency_id": unit.agency_id, "unit_id": unit.pk, "category": None,
            "group": "umum", "started_on": None, "year": 2025, "video_url": "",
            "replicates": None, "sections": {"summary": summary}}


@pytest.fixture(scope="module")
def ten_thousand(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        Locale.objects.get_or_create(language_code="id")
        Locale.objects.get_or_create(language_code="en")
        index = innovation_index(ensure_home(locale=Locale.objects.get(language_code="id")))
        yield build(index)
        transaction.set_rollback(True)


def build(index):
    unit = UnitFactory(agency=AgencyFactory(name="Pemerintah Kota Skala"))
    specs = []
    for number in range(TOTAL):
        title = f"{FILLER[number % len(FILLER)]} {number}"
        summary = "Warga mendapat layanan lebih cepat dan biaya lebih rendah."
        if number % 200 == 7 and len([s for s in specs if "Posyandu" in s["title"]]) < IN_TITLE:
            title = f"Posyandu Digital {number}"
        elif number % 200 == 113 and len(
                [s for s in specs if "posyandu" in s["sections"]["summary"]]) < IN_TEXT:
            summary = "Kader posyandu mencatat tumbuh kembang balita secara daring."
        if number == 5000:
            summary = "Pemantauan gunung api di sekitar kaldera oleh warga desa."
        specs.append(spec(number, unit=unit, title=title, summary=summary))
    pks = innovations_seed._create_pages(index=index, specs=specs)
    innovations_seed._insert_innovation_rows(specs=specs, pks=pks, slug_to_pk=pks,
                                             categories={})
    innovations_seed._index_for_search(list(pks.values()), chunk=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return specs


@pytest.fixture
def scale(ten_thousand, db):
    return ten_thousand


def listing(client, query, page=None):
    url = f"/inovasi/?q={query}" + (f"&halaman={page}" if page else "")
    response = client.get(url)
    assert response.status_code == 200
    return response


def titles(response):
    return [item.title for item in response.context["page_obj"].object_list]


def test_search_at_10000_innovations_counts_ranks_and_pages(client, scale):
    assert InnovationPage.objects.live().count() == TOTAL

    first = listing(client, "posyandu")
    second = listing(client, "posyandu", page=2)
    third = listing(client, "posyandu", page=3)

    assert first.context["result_count"] == IN_TITLE + IN_TEXT
    html = first.content.decode()
    assert '>50 inovasi <span class="listing__query">untuk “posyandu”</span></h2>' in html
    shown = titles(first) + titles(second) + titles(third)
    assert len(shown) == IN_TITLE + IN_TEXT == len(set(shown))
    # Titles first: the 30 with the word in the title, then the 20 with it in the text.
    assert all("Posyandu" in title for title in shown[:IN_TITLE])
    assert not any("Posyandu" in title for title in shown[IN_TITLE:])
    nav = re.search(r'<nav class="pagination".*?</nav>', html, re.S).group(0)
    assert re.findall(r'data-page="([^"]+)"', nav) == ["1", "2", "3", "next", "last"]
    assert "Halaman 1 dari 3" in nav
    assert 'href="?q=posyandu&amp;halaman=2" data-page="2"' in nav
    assert "Menampilkan 49–50 dari 50" in third.content.decode()


def test_search_at_10000_innovations_finds_one_in_the_text(client, scale):
    response = listing(client, "kaldera")

    assert response.context["result_count"] == 1
    assert titles(response) == [scale[5000]["title"]]


def test_search_at_10000_innovations_without_a_match_shows_the_empty_state(client, scale):
    response = listing(client, "zzzqqq")
    html = response.content.decode()

    assert response.context["result_count"] == 0
    assert "0 inovasi" in html
    assert "data-empty" in html
    assert 'href="/inovasi/" data-suggest="clear"' in html


def test_search_at_10000_innovations_uses_the_full_text_index(scale):
    """SQLite: the FTS5 virtual table's MATCH; PostgreSQL: the listing's GIN index."""
    query = InnovationPage.objects.filter(pk__in=search_matches("posyandu")).values("pk")
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "innovations_listed_search_gin" in plan
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
            assert "wagtailsearch_indexentry_fts MATCH" in sql
            assert "VIRTUAL TABLE INDEX" in plan


@pytest.mark.postgresql
def test_search_at_10000_innovations_tests_the_matched_ids_as_one_array(client, scale):
    """A word in almost every profile ("layanan", 9,980 matches): the query of the facet
    counts and the ranked page tests each listed row against the matched ids as one constant array
    (filters.AmongIds), hashed once, instead of unnesting and de-duplicating 9,980 ids
    and joining them (the ``ProjectSet`` and ``HashAggregate`` of an ``IN (SELECT
    unnest(…))``), which took two and a half times as long at this size."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = listing(client, "layanan")
    # Every profile but the 20 whose text is about posyandu instead.
    assert response.context["result_count"] == TOTAL - IN_TEXT
    using_ids = [q["sql"] for q in captured.captured_queries if "string_to_array" in q["sql"]]
    assert len(using_ids) == 1  # the facet counts, the total and the ranked page
    with connection.cursor() as cursor:
        for sql in using_ids:
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "ProjectSet" not in plan, plan
            assert "= ANY ('{" in plan, plan
