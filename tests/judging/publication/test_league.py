"""League table, winners page and home block: aggregated from published achievements."""

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

    assert [item.title for item in winners.context["winners"]] == [
        editions["top45"][0].innovation.title]
    block = next(b for b in home.context["home_blocks"]
                 if b["template"] == "judging/includes/home_winners.html")
    assert (block["year"], len(block["winners"])) == (2025, 1)
    assert block["winners_url"] == "/kompetisi/pemenang/"
