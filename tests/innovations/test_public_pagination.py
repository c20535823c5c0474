"""The public database's pagination (page numbers, first/last, filters kept), result count
and empty state."""

import re

import pytest

from innovations import views
from tests.factories import InnovationPageFactory


@pytest.fixture
def many(catalogue, public_index, monkeypatch):
    """24 live innovations shown two per page: twelve pages."""
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    agency = catalogue["agencies"]["badung"]
    for number in range(20):
        InnovationPageFactory(parent=public_index, agency=agency,
                              title=f"Inovasi Halaman {number:02}",
                              slug=f"inovasi-halaman-{number}")
    return catalogue


def page_links(html):
    nav = re.search(r'<nav class="pagination".*?</nav>', html, re.S).group(0)
    return nav, re.findall(r'data-page="([^"]+)"', nav)


def test_pagination_has_first_previous_numbers_next_last(client, many):
    html = client.get("/inovasi/?urutan=judul&halaman=6").content.decode()

    nav, links = page_links(html)
    assert links == ["first", "previous", "1", "4", "5", "6", "7", "8", "12", "next", "last"]
    assert re.search(r'href="\?urutan=judul&amp;halaman=6" aria-current="page" data-page="6"',
                     nav)
    assert nav.count("aria-current") == 1
    assert 'href="?urutan=judul&amp;halaman=1" data-page="first"' in nav
    assert 'href="?urutan=judul&amp;halaman=12" data-page="last"' in nav
    assert 'rel="prev" href="?urutan=judul&amp;halaman=5"' in nav
    assert 'rel="next" href="?urutan=judul&amp;halaman=7"' in nav
    assert nav.count("…") == 2
    assert "Halaman 6 dari 12" in nav
    assert "Menampilkan 11–12 dari 24" in html


def test_first_page_has_no_previous_and_the_last_no_next(client, many):
    _nav, first = page_links(client.get("/inovasi/").content.decode())
    _nav, last = page_links(client.get("/inovasi/?halaman=12").content.decode())

    assert first == ["1", "2", "3", "12", "next", "last"]
    assert last[:2] == ["first", "previous"]
    assert "next" not in last


def test_page_links_keep_search_and_filters(client, many):
    html = client.get("/inovasi/?q=Inovasi&kategori=&urutan=judul&halaman=2").content.decode()

    nav, _links = page_links(html)
    assert 'href="?q=Inovasi&amp;kategori=&amp;urutan=judul&amp;halaman=3" data-page="3"' in nav
    assert "untuk “Inovasi”" in html  # the count says what was searched


def test_empty_result_suggests_what_to_do(client, catalogue):
    html = client.get("/inovasi/?q=zzzzkatayangtidakada&kategori=kesehatan").content.decode()

    assert "0 inovasi" in html
    assert "data-empty" in html
    assert "Saran:" in html
    assert 'href="?kategori=kesehatan" data-suggest="without-search"' in html
    assert 'href="/inovasi/" data-suggest="clear"' in html


@pytest.mark.parametrize("params", ["urutan=judul", "urutan=terbaru", "urutan=tahun",
                                    "urutan=tahun-lama", "q=Inovasi", "q=Inovasi&urutan=judul",
                                    "q=Halaman&jenis=kabupaten"])
def test_every_page_shows_the_rows_of_the_sorted_listing(client, many, public_index, params):
    """The page's ids come with the facet counts, from the same rows (PageRequest): each
    page holds the rows the ORM's ordering of the filtered listing gives there, a page
    past the last shows the last, and a page in range asks the listed rows nothing more."""
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from innovations.filters import (
        RELEVANCE,
        SORTS,
        ListingFilterSet,
        clean_query,
        ranked_by_relevance,
    )
    from innovations.models import ListedInnovation
    from innovations.queries import listing_scope

    data = QueryDict(params)
    filterset = ListingFilterSet(data, queryset=listing_scope(index=public_index))
    query = clean_query(data.get("q"))
    sort = data.get("urutan") or (RELEVANCE if query else "terbaru")
    ordered = (ranked_by_relevance(query, filterset.qs) if sort == RELEVANCE
               else filterset.qs.order_by(*SORTS[sort][1]))
    expected = list(ordered.values_list("title", flat=True))
    assert len(expected) > 4
    pages = (len(expected) + 1) // 2
    listed = f'FROM "{ListedInnovation._meta.db_table}"'
    for number in range(1, pages + 1):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/inovasi/?{params}&halaman={number}")
        shown = [item.title for item in response.context["page_obj"].object_list]
        assert shown == expected[(number - 1) * 2:number * 2], number
        reading = [q["sql"] for q in captured.captured_queries if listed in q["sql"]
                   and "search_vector" not in q["sql"] and "string_agg" not in q["sql"]]
        assert len(reading) == 1, reading  # the facet counts, the total and the page
    for past in (pages + 1, 999, 0):
        response = client.get(f"/inovasi/?{params}&halaman={past}")
        assert [item.title for item in response.context["page_obj"].object_list] == \
            expected[(pages - 1) * 2:]
    first = client.get(f"/inovasi/?{params}&halaman=x").context["page_obj"].object_list
    assert [item.title for item in first] == expected[:2]
