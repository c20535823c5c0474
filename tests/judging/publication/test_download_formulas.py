"""The public leaderboard CSV neutralises formulas in titles and agency names."""

import csv
import io

from tests.factories import (
    CompetitionFactory,
    awarded_entries,
    competition_pages,
    innovation_index,
    make_result,
)

TITLE = '=HYPERLINK("http://x","y")'


def test_leaderboard_csv_quotes_formula_title_and_agency(client, home_page):
    index = innovation_index(home_page)
    competition = CompetitionFactory(year=2025, name="KIPP 2025")
    competition_pages(home_page, competition)
    entries = awarded_entries(competition, 2, index=index)
    page = entries[0].innovation
    page.title = TITLE
    page.save_revision().publish()
    page.agency.name = "-2+3+cmd|' /C calc'!A0"
    page.agency.save()
    make_result(competition, entries)

    response = client.get("/kompetisi/2025/top-99/data.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))

    assert response.status_code == 200
    assert rows[0]["innovation"] == "'" + TITLE
    assert rows[0]["agency"] == "'-2+3+cmd|' /C calc'!A0"
    assert rows[0]["rank"] == "1"
    assert rows[1]["innovation"] == entries[1].innovation.title
