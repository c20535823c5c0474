"""Public competition pages and leaderboards: only published results are reachable."""

import csv
import io

import pytest

from innovations.models import Province
from tests.factories import (
    CompetitionFactory,
    EntryFactory,
    RoundFactory,
    awarded_entries,
    competition_pages,
    make_result,
)


@pytest.fixture
def edition(home_page, index):
    competition = CompetitionFactory(year=2025, name="KIPP 2025")
    _competitions, page = competition_pages(home_page, competition)
    return competition


def test_published_leaderboard_lists_selected_rows_with_links(client, edition, index):
    entries = awarded_entries(edition, 3, index=index)
    loser = awarded_entries(edition, 1, index=index)
    make_result(edition, entries, not_selected=loser)

    response = client.get("/kompetisi/2025/top-99/")

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.entry_id for row in rows] == [entry.pk for entry in entries]
    assert rows[0].innovation_url == f"/inovasi/{entries[0].innovation.slug}/"
    assert loser[0].innovation.title not in response.content.decode()


def test_unpublished_result_is_404_on_every_public_url(client, edition, index):
    result = make_result(edition, awarded_entries(edition, 2, index=index), published=False)

    urls = ["/kompetisi/2025/top-99/", "/en/kompetisi/2025/top-99/",
            "/kompetisi/2025/top-99/data.csv", "/kompetisi/2025/top-99/data.json",
            f"/api/v2/leaderboards/{result.pk}/"]
    statuses = [client.get(url).status_code for url in urls]
    listing = client.get("/api/v2/leaderboards/").json()
    overview = client.get("/kompetisi/2025/").content.decode()

    assert statuses == [404, 404, 404, 404, 404]
    assert listing == {"meta": {"total_count": 0}, "items": []}
    assert "top-99/" not in overview


def test_scores_shown_only_when_the_round_publishes_them(client, edition, index):
    make_result(edition, awarded_entries(edition, 1, index=index), tier="top99", order=2)
    make_result(edition, awarded_entries(edition, 1, index=index), tier="top45", order=3,
                publish_scores=True, kind="interview")

    hidden = client.get("/kompetisi/2025/top-99/data.json").json()["rows"][0]
    shown = client.get("/kompetisi/2025/top-45/data.json").json()["rows"][0]
    page = client.get("/kompetisi/2025/top-99/").content.decode()

    assert hidden["score"] is None
    assert shown["score"] == 89.0
    assert "Score" not in page


def test_filters_by_agency_type_province_and_category(client, edition, index):
    east_java = awarded_entries(edition, 2, index=index, provinces=("35",), agency_type="kota")
    regency = awarded_entries(edition, 1, index=index, provinces=("32",),
                              agency_type="kabupaten", category_slug="pendidikan")
    make_result(edition, east_java + regency)

    by_type = client.get("/kompetisi/2025/top-99/?jenis=kabupaten").context["rows"]
    by_province = client.get("/kompetisi/2025/top-99/?provinsi=35").context["rows"]
    by_category = client.get("/kompetisi/2025/top-99/?kategori=pendidikan").context["rows"]
    nonsense = client.get("/kompetisi/2025/top-99/?provinsi=xx&jenis=zz").context["rows"]

    assert [row.entry_id for row in by_type] == [regency[0].pk]
    assert [row.entry_id for row in by_province] == [entry.pk for entry in east_java]
    assert [row.entry_id for row in by_category] == [regency[0].pk]
    assert len(nonsense) == 3


def test_csv_download_has_header_and_filtered_rows(client, edition, index):
    entries = awarded_entries(edition, 2, index=index, provinces=("35", "32"))
    make_result(edition, entries)

    response = client.get("/kompetisi/2025/top-99/data.csv?provinsi=32")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert list(rows[0].keys()) == ["rank", "innovation", "innovation_url", "agency",
                                   "agency_type", "province", "category", "tier", "source"]
    assert [(row["rank"], row["innovation"], row["province"], row["tier"]) for row in rows] == [
        ("2", entries[1].innovation.title, Province.objects.get(code="32").name, "top99")]


def test_english_translation_serves_the_leaderboard(client, edition, index):
    make_result(edition, awarded_entries(edition, 1, index=index))

    response = client.get("/en/kompetisi/2025/top-99/?jenis=kota")

    assert response.status_code == 200
    assert 'href="/kompetisi/2025/top-99/?jenis=kota"' in response.content.decode()


def test_draft_innovation_is_listed_without_a_link(client, edition, index):
    entries = awarded_entries(edition, 1, index=index, live=False)
    make_result(edition, entries)

    rows = client.get("/kompetisi/2025/top-99/").context["rows"]

    assert rows[0].innovation_url is None


def test_overview_shows_rounds_and_published_tiers(client, edition, index):
    make_result(edition, awarded_entries(edition, 1, index=index))

    response = client.get("/kompetisi/2025/")

    assert response.status_code == 200
    assert [link["url"] for link in response.context["tiers"]] == ["/kompetisi/2025/top-99/"]
    assert [r.name for r in response.context["rounds"]] == ["Babak 2"]


def test_unknown_tier_is_404(client, edition, index):
    make_result(edition, awarded_entries(edition, 1, index=index))

    assert client.get("/kompetisi/2025/top-12/").status_code == 404
    assert client.get("/kompetisi/2025/top-12/data.csv").status_code == 404


@pytest.mark.parametrize("url", ["/kompetisi/2025/top-99/", "/kompetisi/2025/top-99/data.json"])
def test_leaderboard_query_count_does_not_grow_with_rows(client, edition, index, url,
                                                         django_assert_num_queries):
    one = make_result(edition, awarded_entries(edition, 1, index=index))
    client.get(url)  # warm per-process caches (site root, locales)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as single:
        client.get(url)
    expected = len(single.captured_queries)  # read now: the next request resets the log
    one.rows.all().delete()
    one.delete()
    one.round.delete()
    make_result(edition, awarded_entries(edition, 6, index=index, provinces=("35", "32", "11")))
    client.get(url)  # the new result purged the shared cache (menu, index URLs): warm again

    with django_assert_num_queries(expected):
        client.get(url)


def test_published_reasons_show_seats_given_by_quota_and_unmet_minimums(
        client, edition, index):
    from judging.models import ResultRow, RoundResult

    entries = awarded_entries(edition, 2, index=index, provinces=("73",))
    result = make_result(edition, entries)
    ResultRow.objects.filter(result=result, entry=entries[1]).update(
        reason_code="selected_quota_min",
        reason_params={"dimension": "province", "cluster": "73",
                       "cluster_name": "Sulawesi Selatan"})
    note = "Tidak ada peserta dari Papua Tengah; panel menerima."
    RoundResult.objects.filter(pk=result.pk).update(round_settings={"quota_outcome": {
        "unmet_minimums": [{"dimension": "province", "cluster": "94", "name": "Papua Tengah",
                            "min_seats": 1, "selected": 0}],
        "quota_seats": [{"entry": entries[1].pk, "dimension": "province", "cluster": "73",
                         "name": "Sulawesi Selatan"}],
        "panel_note": note}})

    html = client.get("/kompetisi/2025/top-99/").content.decode()
    english = client.get("/en/kompetisi/2025/top-99/").content.decode()

    assert "Terpilih untuk memenuhi kuota minimum Provinsi: Sulawesi Selatan" in html
    assert "Provinsi: Papua Tengah: 0 dari sedikitnya 1 kursi" in html
    assert note in html
    assert "Selected to meet the minimum for Province: Sulawesi Selatan" in english
    assert "1 seat was given to meet a quota minimum" in english


def test_a_result_without_quotas_shows_no_quota_section(client, edition, index):
    make_result(edition, awarded_entries(edition, 2, index=index))

    html = client.get("/en/kompetisi/2025/top-99/").content.decode()

    assert "How the quotas were applied" not in html


def test_a_winner_entered_again_in_a_blind_edition_is_listed_without_a_link(
        client, edition, index):
    from judging.models import RoundKind

    entries = awarded_entries(edition, 2, index=index)
    make_result(edition, entries)
    # The first winner enters the next edition, whose blind desk round is still judging.
    later = CompetitionFactory(year=2026)
    RoundFactory(competition=later, order=1, kind=RoundKind.DESK, blind=True)
    EntryFactory(competition=later, innovation=entries[0].innovation,
                 revision=entries[0].innovation.latest_revision)

    response = client.get("/kompetisi/2025/top-99/")
    data = client.get("/kompetisi/2025/top-99/data.json").json()

    links = {row.entry_id: row.innovation_url for row in response.context["rows"]}
    assert links[entries[0].pk] is None  # its profile answers 404 until the results are out
    assert links[entries[1].pk] == f"/inovasi/{entries[1].innovation.slug}/"
    assert [row["innovation_url"] is None for row in data["rows"]] == [True, False]


@pytest.mark.parametrize("url", ["/kompetisi/2025/top-99/"])
def test_leaderboard_translates_its_labels_once_whatever_the_number_of_rows(
        client, edition, index, url, monkeypatch):
    """Each column label is translated once per table (header and the rows' data-label
    for the phone layout): 99 rows made 8 translations each, a third of the page's
    rendering time."""
    from django.templatetags.i18n import TranslateNode

    rendered = []
    original = TranslateNode.render

    def counting(self, context):
        rendered.append(self)
        return original(self, context)

    monkeypatch.setattr(TranslateNode, "render", counting)
    one = make_result(edition, awarded_entries(edition, 1, index=index))
    client.get(url)
    rendered.clear()
    page = client.get(url).content.decode()
    with_one = len(rendered)
    assert 'data-label="Inovasi"' in page
    assert '<th scope="col">Inovasi</th>' in page
    one.rows.all().delete()
    one.delete()
    one.round.delete()
    make_result(edition, awarded_entries(edition, 6, index=index))
    client.get(url)
    rendered.clear()
    page = client.get(url).content.decode()

    assert len(rendered) == with_one
    assert page.count('data-label="Inovasi"') == 6
    assert page.count('data-label="Instansi"') == 6
