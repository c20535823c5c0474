"""Read-only API: pages (live only), agencies, published leaderboards with pagination."""


from tests.factories import (
    AgencyFactory,
    CompetitionFactory,
    InnovationPageFactory,
    awarded_entries,
    make_result,
)


def test_pages_api_lists_only_live_innovations(client, index):
    live = InnovationPageFactory(parent=index, title="Inovasi Tayang")
    InnovationPageFactory(parent=index, title="Inovasi Draf", live=False)

    response = client.get("/api/v2/pages/?type=innovations.InnovationPage")

    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == [live.title]


def test_leaderboards_list_only_published_results_and_paginate_rows(client, index):
    competition = CompetitionFactory(year=2025, name="KIPP 2025")
    entries = awarded_entries(competition, 3, index=index)
    published = make_result(competition, entries, order=2)
    make_result(competition, awarded_entries(competition, 2, index=index), tier="top45",
                order=3, published=False, kind="interview")

    listing = client.get("/api/v2/leaderboards/").json()
    detail = client.get(f"/api/v2/leaderboards/{published.pk}/?limit=2&offset=1").json()

    assert [(item["id"], item["tier"]) for item in listing["items"]] == [(published.pk, "top99")]
    assert listing["meta"] == {"total_count": 1}
    assert detail["meta"] == {"total_count": 3}
    assert [row["rank"] for row in detail["items"]] == [2, 3]
    assert detail["items"][0]["innovation"] == entries[1].innovation.title
    assert detail["items"][0]["score"] is None


def test_agencies_api_filters_and_paginates(client, db):
    AgencyFactory(name="Kota A", agency_type="kota")
    AgencyFactory(name="Kabupaten B", agency_type="kabupaten")
    AgencyFactory(name="Kota C", agency_type="kota")

    page = client.get("/api/v2/agencies/?agency_type=kota&limit=1").json()

    assert page["meta"] == {"total_count": 2}
    assert [item["name"] for item in page["items"]] == ["Kota A"]
    assert page["items"][0]["province"] == {"code": "35", "name": "Jawa Timur"}


def test_api_is_read_only(client, db):
    assert client.post("/api/v2/leaderboards/").status_code == 405
    assert client.post("/api/v2/agencies/").status_code == 405


def test_leaderboard_detail_query_count_is_constant(client, index, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    competition = CompetitionFactory(year=2025)
    small = make_result(competition, awarded_entries(competition, 1, index=index), order=2)
    big = make_result(competition, awarded_entries(competition, 5, index=index), tier="top45",
                      order=3, kind="interview")
    client.get(f"/api/v2/leaderboards/{small.pk}/")
    with CaptureQueriesContext(connection) as single:
        client.get(f"/api/v2/leaderboards/{small.pk}/")

    with django_assert_num_queries(len(single.captured_queries)):
        client.get(f"/api/v2/leaderboards/{big.pk}/")
