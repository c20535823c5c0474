"""The public innovation database: search, filters, counts, sorting, pagination."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import add_with_image


def titles(response):
    return [item.title for item in response.context["page_obj"].object_list]


def facet(response, name):
    found = next(f for f in response.context["facets"] if f["name"] == name)
    return {option["value"]: option["count"] for option in found["options"]}


def test_listing_shows_only_live_innovations(client, catalogue):
    response = client.get("/inovasi/")

    assert response.status_code == 200
    assert sorted(titles(response)) == [
        "Bank Sampah Digital Sekolah", "Klinik Obat Keliling", "Layanan Akta Kelahiran Keliling",
        "Sistem Antrean Daring Puskesmas"]
    assert "Antrean Rahasia" not in response.content.decode()


@pytest.mark.parametrize(("query", "expected"), [
    ("tahun=2025", ["Bank Sampah Digital Sekolah", "Klinik Obat Keliling"]),
    ("capaian=top45", ["Sistem Antrean Daring Puskesmas"]),
    ("capaian=top99", ["Layanan Akta Kelahiran Keliling", "Sistem Antrean Daring Puskesmas"]),
    ("kategori=kesehatan", ["Klinik Obat Keliling", "Sistem Antrean Daring Puskesmas"]),
    ("sdg=16", ["Layanan Akta Kelahiran Keliling"]),
    ("sdg=3", ["Klinik Obat Keliling", "Sistem Antrean Daring Puskesmas"]),
    ("jenis=kementerian", ["Klinik Obat Keliling"]),
    ("provinsi=35", ["Layanan Akta Kelahiran Keliling", "Sistem Antrean Daring Puskesmas"]),
    ("kelompok=replikasi", ["Bank Sampah Digital Sekolah"]),
    ("instansi=kota-surabaya",
     ["Layanan Akta Kelahiran Keliling", "Sistem Antrean Daring Puskesmas"]),
    ("kategori=kesehatan&jenis=kota", ["Sistem Antrean Daring Puskesmas"]),
    ("q=antrean", ["Sistem Antrean Daring Puskesmas"]),
    ("q=keliling", ["Klinik Obat Keliling", "Layanan Akta Kelahiran Keliling"]),
    ("q=keliling&jenis=kota", ["Layanan Akta Kelahiran Keliling"]),
    ("q=sampah&tahun=2024", []),
])
def test_filters_and_search_return_exactly_the_expected_innovations(
        client, catalogue, query, expected):
    response = client.get(f"/inovasi/?{query}&urutan=judul")

    assert response.status_code == 200
    assert titles(response) == expected


def test_search_never_finds_drafts(client, catalogue):
    response = client.get("/inovasi/?q=rahasia")

    assert titles(response) == []
    assert response.context["result_count"] == 0


def test_counts_per_facet_value(client, catalogue):
    response = client.get("/inovasi/")

    assert facet(response, "tahun") == {"2025": 2, "2024": 1, "2023": 1}
    assert facet(response, "jenis") == {"kementerian": 1, "kabupaten": 1, "kota": 2}
    assert facet(response, "sdg") == {"3": 2, "4": 1, "12": 1, "16": 1}
    assert facet(response, "capaian") == {"top99": 2, "top45": 1}
    assert facet(response, "kategori") == {"kesehatan": 2, "lingkungan-hidup": 1,
                                           "tata-kelola-pemerintahan": 1}
    assert facet(response, "provinsi") == {"51": 1, "35": 2}
    assert facet(response, "kelompok") == {"umum": 2, "replikasi": 1, "khusus": 1}


def test_counts_apply_other_filters_but_not_their_own(client, catalogue):
    response = client.get("/inovasi/?jenis=kota")

    assert facet(response, "jenis") == {"kementerian": 1, "kabupaten": 1, "kota": 2}
    assert facet(response, "tahun") == {"2024": 1, "2023": 1}
    assert facet(response, "capaian") == {"top99": 2, "top45": 1}


def test_counts_follow_the_search(client, catalogue):
    response = client.get("/inovasi/?q=keliling")

    assert facet(response, "jenis") == {"kementerian": 1, "kota": 1}


@pytest.mark.parametrize(("sort", "expected"), [
    ("judul", ["Bank Sampah Digital Sekolah", "Klinik Obat Keliling",
               "Layanan Akta Kelahiran Keliling", "Sistem Antrean Daring Puskesmas"]),
    ("tahun", ["Bank Sampah Digital Sekolah", "Klinik Obat Keliling",
               "Layanan Akta Kelahiran Keliling", "Sistem Antrean Daring Puskesmas"]),
    ("tahun-lama", ["Sistem Antrean Daring Puskesmas", "Layanan Akta Kelahiran Keliling",
                    "Bank Sampah Digital Sekolah", "Klinik Obat Keliling"]),
    ("terbaru", ["Klinik Obat Keliling", "Bank Sampah Digital Sekolah",
                 "Layanan Akta Kelahiran Keliling", "Sistem Antrean Daring Puskesmas"]),
    ("nonsense", ["Klinik Obat Keliling", "Bank Sampah Digital Sekolah",
                  "Layanan Akta Kelahiran Keliling", "Sistem Antrean Daring Puskesmas"]),
])
def test_sorting(client, catalogue, sort, expected):
    response = client.get(f"/inovasi/?urutan={sort}")

    assert titles(response) == expected


def test_search_defaults_to_relevance(client, catalogue):
    response = client.get("/inovasi/?q=keliling")

    assert response.context["sort"] == "relevansi"
    assert sorted(titles(response)) == ["Klinik Obat Keliling",
                                        "Layanan Akta Kelahiran Keliling"]


def test_pagination_keeps_filters_in_links(client, catalogue, public_index):
    add_with_image(public_index, catalogue["agencies"]["badung"], 25)

    first = client.get("/inovasi/?kategori=kesehatan&urutan=judul")
    second = client.get("/inovasi/?kategori=kesehatan&urutan=judul&halaman=2")

    assert first.context["result_count"] == 27
    assert len(titles(first)) == 24
    assert len(titles(second)) == 3
    assert "?kategori=kesehatan&amp;urutan=judul&amp;halaman=2" in first.content.decode()
    assert set(titles(first)).isdisjoint(titles(second))


@pytest.mark.parametrize("query", ["tahun=abc", "sdg=x", "capaian=gold", "halaman=999",
                                   "halaman=-1", "provinsi=99", "q=%22%27%28"])
def test_bad_parameters_never_fail(client, catalogue, query):
    response = client.get(f"/inovasi/?{query}")

    assert response.status_code == 200


def test_empty_state_offers_to_clear_filters(client, catalogue):
    response = client.get("/inovasi/?q=tidakadasamasekali")

    html = response.content.decode()
    assert response.context["result_count"] == 0
    assert "Tidak ada inovasi yang sesuai dengan saringan ini." in html
    assert 'href="/inovasi/"' in html


def _queries(client, url):
    """Queries of one request, after a warm-up request that generates image renditions."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", [
    "/inovasi/",
    "/en/inovasi/",
    "/inovasi/?q=inovasi&kategori=kesehatan&sdg=3&capaian=top99&urutan=judul",
])
def test_listing_query_count_does_not_grow_with_rows(
        client, catalogue, public_index, django_assert_num_queries, url):
    agency = catalogue["agencies"]["badung"]
    add_with_image(public_index, agency, 1)
    few = _queries(client, url)
    add_with_image(public_index, agency, 6, start=1)
    client.get(url)

    with django_assert_num_queries(few):
        response = client.get(url)

    assert len(response.context["page_obj"].object_list) >= 7


# --- search served by an index, ranked by relevance; facets in one query


def test_search_ranks_title_matches_above_body_matches(client, public_index):
    from tests.factories import InnovationPageFactory

    InnovationPageFactory(parent=public_index, title="Puskesmas Ramah Lansia",
                          slug="puskesmas-ramah", summary="Layanan untuk warga lanjut usia.")
    InnovationPageFactory(parent=public_index, title="Antar Obat ke Rumah", slug="antar-obat",
                          summary="Obat dari puskesmas diantar kurir ke rumah warga.")
    InnovationPageFactory(parent=public_index, title="Bank Sampah", slug="bank-sampah-2",
                          summary="Tabungan sampah warga.")

    response = client.get("/inovasi/?q=puskesmas")

    # The body match is the newer one: "newest first" would list it first.
    assert titles(response) == ["Puskesmas Ramah Lansia", "Antar Obat ke Rumah"]


def test_search_ranks_more_matched_words_first(client, public_index):
    from tests.factories import InnovationPageFactory

    InnovationPageFactory(parent=public_index, title="Antrean Daring Puskesmas",
                          slug="antrean-daring", summary="Nomor antrean dari rumah.")
    InnovationPageFactory(parent=public_index, title="Antrean Kantor Pajak", slug="antrean-pajak",
                          summary="Nomor antrean daring untuk puskesmas dan kantor pajak.")

    response = client.get("/inovasi/?q=antrean+puskesmas")

    assert titles(response) == ["Antrean Daring Puskesmas", "Antrean Kantor Pajak"]


@pytest.mark.parametrize("query", ["", "q=keliling", "q=keliling&jenis=kota&sdg=3&capaian=top99"])
def test_every_facet_is_counted_in_one_query(catalogue, public_index, query):
    from django.http import QueryDict

    from innovations.filters import ListingFilterSet, facet_rows
    from innovations.queries import listing_scope

    base = listing_scope(index=public_index)
    data = QueryDict(query)
    filterset = ListingFilterSet(data, queryset=base)
    assert filterset.qs is not None  # the search runs here (PostgreSQL: its ids, once)
    with CaptureQueriesContext(connection) as captured:
        facet_rows(data=data, queryset=base, matched=filterset.matched)

    assert len(captured.captured_queries) == 1


@pytest.mark.parametrize("query", ["q=keliling", "q=keliling&jenis=kota&sdg=3"])
def test_the_rows_are_read_once_for_all_facets(catalogue, public_index, query):
    """The search and the visitor's scope are read once, in the WITH clause; every facet
    groups the rows kept there (nine parts, the yearly status included), and one more part
    counts the results."""
    from django.http import QueryDict

    from innovations.filters import BASE_CTE, FACETS, ListingFilterSet, facet_rows
    from innovations.models import ListedInnovation
    from innovations.queries import listing_scope

    base = listing_scope(index=public_index)
    data = QueryDict(query)
    filterset = ListingFilterSet(data, queryset=base)
    assert filterset.qs is not None  # the search runs here (PostgreSQL: its ids, once)
    with CaptureQueriesContext(connection) as captured:
        facet_rows(data=data, queryset=base, matched=filterset.matched)

    sql = captured.captured_queries[0]["sql"]
    assert sql.startswith(f"WITH {BASE_CTE} AS MATERIALIZED (")
    assert len(FACETS) == 9
    assert sql.count(f"{BASE_CTE} base") == len(FACETS) + 1
    listed = ListedInnovation._meta.db_table
    # The listed rows are scanned once, in the WITH clause, not once per facet.
    assert sql.count(f'FROM "{listed}"') == 1


@pytest.mark.postgresql
def test_postgresql_search_is_an_index_scan(catalogue):
    """With a national-size listing (5,000 more rows, "layanan" in every one), the matched
    ids come from the GIN index of the listing's own vector, for a rare word and for one in
    every row alike: the vector's statistics are off (migration 0010), so the planner never
    prefers reading (and unpacking) every row's vector. The rows' page ids point nowhere;
    the foreign key is checked at commit, and the test rolls back."""
    from innovations.filters import search_matches

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO innovations_listedinnovation (page_id, path, depth, title, year, "
            "\"group\", agency_id, search_vector) "
            "SELECT 1000000 + i, 'zz', 9, 'x', 2025, 'umum', 1, "
            "to_tsvector('simple', repeat('layanan publik warga kota ' || i || ' ', 20)) "
            "FROM generate_series(1, 5000) AS i")
        cursor.execute("ANALYZE innovations_listedinnovation")
        plans = []
        for word in ("keliling", "layanan"):
            sql, params = search_matches(word).query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
        # Gone before the test case checks its deferred foreign keys.
        cursor.execute("DELETE FROM innovations_listedinnovation WHERE page_id > 1000000")

    assert "innovations_listed_search_gin" in plans[0]
    assert "innovations_listed_search_gin" in plans[1]


def test_the_listing_asks_no_count_of_its_own(client, catalogue):
    """The number of results comes with the facet counts: the page runs no COUNT query,
    and still shows the right number."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/inovasi/?q=keliling&jenis=kota")

    assert response.status_code == 200
    assert not [q for q in captured.captured_queries if '"__count"' in q["sql"]]
    assert response.context["result_count"] == len(response.context["page_obj"].object_list)
    assert response.context["result_count"] > 0
