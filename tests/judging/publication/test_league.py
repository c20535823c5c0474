"""League table, winners page and home block: aggregated from published achievements."""

import re

import pytest

from innovations.models import Achievement
from tests.factories import (
    CompetitionFactory,
    awarded_entries,
    competition_pages,
    make_result,
)


@pytest.fixture
def editions(home_page, index):
    competition = CompetitionFactory(year=2025, name="KIPP 2025")
    competition_pages(home_page, competition)
    east = awarded_entries(competition, 2, index=index, provinces=("35",))
    west = awarded_entries(competition, 1, index=index, provinces=("32",), agency_type="kabupaten")
    make_result(competition, east + west, tier="top99", order=2)
    make_result(competition, west, tier="top45", order=3, kind="interview")
    return {"competition": competition, "top45": west}


def test_league_table_ranks_provinces_by_top45_then_top99(client, editions):
    response = client.get("/kompetisi/klasemen/")

    rows = [(r["rank"], r["name"], r["top45"], r["top99"]) for r in response.context["provinces"]]
    assert rows == [(1, "Jawa Barat", 1, 1), (2, "Jawa Timur", 0, 2)]


def test_league_table_filters_by_agency_type(client, editions):
    response = client.get("/kompetisi/klasemen/?jenis=kota")

    assert [r["name"] for r in response.context["provinces"]] == ["Jawa Timur"]


def test_unpublished_profiles_drop_out_of_the_league(client, editions):
    for achievement in Achievement.objects.filter(innovation__agency__province_id="32"):
        achievement.innovation.unpublish()

    response = client.get("/kompetisi/klasemen/")

    assert [r["name"] for r in response.context["provinces"]] == ["Jawa Timur"]


def test_winners_page_and_home_block_show_the_latest_top45(client, editions):
    winners = client.get("/kompetisi/pemenang/")
    home = client.get("/")

    assert [(group["tier"], [item.title for item in group["winners"]])
            for group in winners.context["groups"]] == [
        ("top45", [editions["top45"][0].innovation.title])]
    block = next(b for b in home.context["home_blocks"]
                 if b["template"] == "judging/includes/home_winners.html")
    assert (block["year"], len(block["winners"])) == (2025, 1)
    assert block["winners_url"] == "/kompetisi/pemenang/"


def test_winners_page_groups_by_tier_highest_first(client, home_page, index):
    competition = CompetitionFactory(year=2025, name="KIPP 2025")
    competition_pages(home_page, competition)
    entries = awarded_entries(competition, 3, index=index)
    titles = ["Cakap Layanan", "Antrean Daring", "Bidan Keliling"]
    for entry, title in zip(entries, titles, strict=True):
        entry.innovation.title = title
        entry.innovation.save()
    make_result(competition, entries, tier="top99", order=2)
    make_result(competition, entries, tier="top45", order=3, kind="interview")
    make_result(competition, entries[:1], tier="outstanding", order=4, kind="award")

    response = client.get("/kompetisi/pemenang/")
    html = response.content.decode()

    assert [(group["tier"], [item.title for item in group["winners"]])
            for group in response.context["groups"]] == [
        ("outstanding", ["Cakap Layanan"]),
        ("top45", ["Antrean Daring", "Bidan Keliling", "Cakap Layanan"]),
    ]
    assert html.index('id="tier-outstanding"') < html.index('id="tier-top45"')
    assert "Top 45 <span class=\"meta\">· 3 inovasi</span>" in html
    home = client.get("/")
    block = next(b for b in home.context["home_blocks"]
                 if b["template"] == "judging/includes/home_winners.html")
    assert [item.title for item in block["winners"]] == [
        "Cakap Layanan", "Antrean Daring", "Bidan Keliling"]


def test_winners_page_query_count_does_not_grow(client, home_page, index,
                                                 django_assert_max_num_queries):
    competition = CompetitionFactory(year=2025, name="KIPP 2025")
    competition_pages(home_page, competition)
    first = awarded_entries(competition, 2, index=index)
    make_result(competition, first, tier="top45", order=3, kind="interview")
    client.get("/kompetisi/pemenang/")
    with django_assert_max_num_queries(200) as one_run:
        client.get("/kompetisi/pemenang/")
    baseline = len(one_run.captured_queries)
    more = awarded_entries(competition, 6, index=index)
    make_result(competition, more, tier="outstanding", order=4, kind="award")
    Achievement.objects.bulk_create(Achievement(innovation=entry.innovation, year=2025,
                                                tier="top45", competition_name="KIPP 2025")
                                    for entry in more)
    client.get("/kompetisi/pemenang/")  # the new pages emptied the menu and page cache

    with django_assert_max_num_queries(baseline):
        response = client.get("/kompetisi/pemenang/")

    assert [len(group["winners"]) for group in response.context["groups"]] == [6, 8]


def test_the_home_block_reads_card_data_for_the_winners_it_shows(home_page, index):
    """winners_of(limit=8): the first eight of the winners page's order (highest tier
    first, titles A-Z, each once), and only those eight profiles' cards are read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from judging.publication.league import HOME_WINNERS, winners_by_tier, winners_of

    competition = CompetitionFactory(year=2025, name="KIPP 2025")
    competition_pages(home_page, competition)
    entries = awarded_entries(competition, 12, index=index)
    for number, entry in enumerate(entries):
        entry.innovation.title = f"Inovasi {'ZYXWVUTSRQPO'[number]}"
        entry.innovation.save()
    make_result(competition, entries, tier="top45", order=3, kind="interview")
    make_result(competition, entries[5:8], tier="outstanding", order=4, kind="award")
    reference = []
    for group in winners_by_tier(year=2025):
        reference += [item.pk for item in group["winners"] if item.pk not in reference]

    with CaptureQueriesContext(connection) as captured:
        shown = winners_of(year=2025, limit=HOME_WINNERS)

    assert [item.pk for item in shown] == reference[:HOME_WINNERS]
    assert [item.title for item in shown[:3]] == ["Inovasi S", "Inovasi T", "Inovasi U"]
    assert [item.pk for item in winners_of(year=2025)] == reference
    galleries = [q["sql"] for q in captured.captured_queries
                 if "innovations_innovationgalleryimage" in q["sql"]]
    assert len(galleries) == 1
    ids = re.search(r'"page_id" IN \(([^)]*)\)', galleries[0]).group(1).split(",")
    assert len(ids) == HOME_WINNERS  # of the 12 winners
