"""Archive import of lists as they are published (issue 14, points 1 and 3).

The messy files in tests/judging/data are written for these tests: Indonesian headers,
no category/province/agency type, cluster/source/unit columns, every spelling of a
government, any Top N, "Inovasi Terpuji", quoted names with commas and parentheses,
a typo kept verbatim and a blank line."""

from pathlib import Path

import pytest
from django.utils import timezone, translation

from innovations.models import Achievement, Agency, InnovationPage, Unit
from judging.models import ResultRow, Round
from judging.models.reference import edition, official_size, parse_tier
from judging.services.archive import cluster_type, import_results
from tests.factories import innovation_index

DATA = Path(__file__).resolve().parent / "data"
MESSY = DATA / "archive-messy.csv"
LATER = DATA / "archive-messy-later.csv"
BAD = DATA / "archive-messy-bad.csv"


@pytest.fixture
def index(home_page):
    return innovation_index(home_page)


def agencies():
    return sorted(Agency.objects.values_list("name", "agency_type", "province__name"))


def achievements():
    return sorted(Achievement.objects.values_list("year", "tier", "innovation__title",
                                                  "innovation__agency__name"))


EXPECTED_AGENCIES = [
    ("BPS", "lembaga", None),
    ("Kemenkes", "kementerian", None),
    ("Kota Surabaya", "kota", "Jawa Timur"),
    ("PT Pos Indonesia (Persero)", "bumn", None),
    ("Pemkab Banyuwangi", "kabupaten", "Jawa Timur"),
    ("Pemprov Jatim", "provinsi", "Jawa Timur"),
    ("Polres Banyuwangi", "lembaga", "Jawa Timur"),
]
EXPECTED_ACHIEVEMENTS = [
    (2014, "top9", "Posyandu Remaja, Sehat dan Ceria", "Pemkab Banyuwangi"),
    (2014, "top9", "SIPANDU (Sistem Pelayanan Terpadu Satu Pintu)", "Kota Surabaya"),
    (2015, "top25", "E-Puskesmas Kelilling", "Kemenkes"),
    (2015, "top25", "Layanan Pos Desa Terpencil", "PT Pos Indonesia (Persero)"),
    (2016, "top35", "LACAK (Lapor Cepat, Aman, Kilat)", "Polres Banyuwangi"),
    (2016, "top35", "SIPANDU (Sistem Pelayanan Terpadu Satu Pintu)", "Kota Surabaya"),
    (2017, "top40", "Sekolah Ramah Anak Berbasis Kampung", "Pemprov Jatim"),
    (2017, "top99", "Antrean Obat Tanpa Kertas", "Kemenkes"),
    (2017, "top99", "Data Statistik Desa Terbuka", "BPS"),
    (2017, "top99", "Sekolah Ramah Anak Berbasis Kampung", "Pemprov Jatim"),
]


def test_published_list_imports_twice_with_exactly_the_expected_rows(index):
    first = import_results(file=MESSY)
    after_first = (agencies(), achievements(), ResultRow.objects.count())
    second = import_results(file=MESSY)

    assert first.errors == []
    assert second.errors == []
    assert second.changed is False
    assert (agencies(), achievements(), ResultRow.objects.count()) == after_first
    assert after_first[0] == EXPECTED_AGENCIES
    assert after_first[1] == EXPECTED_ACHIEVEMENTS
    assert after_first[2] == 10
    assert InnovationPage.objects.filter(live=True).count() == 8


def test_cluster_source_and_unit_are_kept_as_given(index):
    import_results(file=MESSY)

    row = ResultRow.objects.get(result__round__tier="top9",
                                entry__innovation__agency__name="Kota Surabaya")
    quoted = ResultRow.objects.get(result__round__tier="top35",
                                   entry__innovation__agency__name="Kota Surabaya")
    police = InnovationPage.objects.get(title="LACAK (Lapor Cepat, Aman, Kilat)")
    assert (row.cluster, row.source) == ("Klaster Pemerintah Kota",
                                         "https://contoh.go.id/berita/top-9-2014")
    assert quoted.source == 'Berita "Top 35" 2016'
    assert police.unit == Unit.objects.get(name="Satuan Lalu Lintas")
    assert InnovationPage.objects.get(title="SIPANDU (Sistem Pelayanan Terpadu Satu Pintu)"
                                      ).unit.name == "Dinas Penanaman Modal"


def test_archive_rounds_carry_the_official_tier_size_named_in_the_users_language(index):
    with translation.override("id"):
        import_results(file=MESSY)

    assert sorted(Round.objects.values_list("competition__year", "tier", "advance_count",
                                            "name")) == [
        (2014, "top9", 9, "Top 9 (arsip)"),
        (2015, "top25", 25, "Top 25 (arsip)"),
        (2016, "top35", 35, "Top 35 (arsip)"),
        (2017, "top40", 40, "Top 40 (arsip)"),
        (2017, "top99", 99, "Top 99 (arsip)"),
    ]


def test_tier_labels_as_published():
    assert [parse_tier(label) and parse_tier(label).code for label in (
        "Top 9", "TOP99", "top-45", "Top 12", "Outstanding", "Top 5 Outstanding",
        "Inovasi Terpuji", "Terpuji", "Juara 1")] == [
        "top9", "top99", "top45", "top12", "outstanding", "outstanding", "terpuji",
        "terpuji", None]
    assert [edition(year).final_tier.code for year in (2014, 2015, 2016, 2017, 2019)] == [
        "top9", "top25", "top35", "top40", "top45"]
    assert official_size(2020, "outstanding") == 5
    assert official_size(2030, "top12") == 12


def test_cluster_labels_name_agency_types():
    assert [cluster_type(label) for label in (
        "Klaster Kementerian", "Klaster Lembaga", "Klaster Pemerintah Provinsi",
        "Klaster Pemerintah Kabupaten", "Klaster Pemerintah Kota", "Klaster BUMN",
        "Kluster BUMD", "Klaster Pelayanan Dasar")] == [
        "kementerian", "lembaga", "provinsi", "kabupaten", "kota", "bumn", "bumd", None]


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(index):
    with translation.override("en"):
        report = import_results(file=BAD)

    assert [line for line, _message in report.errors] == [3, 4, 5, 6, 8, 9]
    messages = dict(report.errors)
    assert messages[3] == "innovation is 652 characters long; at most 255 are allowed"
    assert messages[4] == "duplicate of line 2"
    assert messages[5] == "there was no edition in 2024"
    last = timezone.localdate().year
    assert messages[6] == f"year 2009 is outside the competition's years (2014–{last})"
    assert messages[8] == ("“Layanan Dua Tingkat” is already Top 40 of 2026 on line 7: an "
                           "innovation has one final tier per edition")
    assert messages[9] == ("cannot tell what kind of agency “Dinas Serba Ada” is: fill the "
                           "agency_type column")
    assert Agency.objects.count() == 0
    assert InnovationPage.objects.count() == 0
    assert Achievement.objects.count() == 0


def test_bad_rows_are_reported_in_indonesian_by_default(index):
    with translation.override("id"):
        report = import_results(file=BAD)

    assert dict(report.errors)[4] == "duplikat baris 2"
    assert dict(report.errors)[5] == "tidak ada kompetisi pada tahun 2024"


def test_tier_outside_the_editions_official_tiers_is_refused(index, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("year,tier,innovation,agency\n2014,Top 45,Layanan A,Kota Surabaya\n"
                    "2015,Top 25,Layanan B,Kota Surabaya\n", encoding="utf-8")

    with translation.override("en"):
        report = import_results(file=path)

    assert report.errors == [(2, "2014 awarded Top 99, Top 9, not Top 45")]


def test_more_rows_than_the_official_size_are_refused(index, tmp_path):
    rows = "".join(f"2014,Top 9,Layanan {n},Kota Surabaya\n" for n in range(1, 11))
    path = tmp_path / "x.csv"
    path.write_text("year,tier,innovation,agency\n" + rows, encoding="utf-8")

    with translation.override("en"):
        report = import_results(file=path)

    assert report.errors == [(11, "2014 Top 9 has 9 innovations; this row would be one more")]


def test_a_refused_file_after_a_good_one_leaves_the_archive_as_it_was(index):
    import_results(file=MESSY)
    before = (agencies(), achievements(), ResultRow.objects.count())

    report = import_results(file=BAD)

    assert report.ok is False
    assert (agencies(), achievements(), ResultRow.objects.count()) == before
