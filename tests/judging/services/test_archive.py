"""Archive import: idempotent, atomic, line-numbered errors; command and admin screen."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from innovations.models import Achievement, Agency, InnovationPage
from judging.models import Competition, Entry, ResultRow, RoundResult
from judging.services.archive import import_results
from tests.factories import UserFactory, secretariat

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "archive-sample.csv"


def snapshot():
    return {
        "agencies": sorted(Agency.objects.values_list("name", "agency_type", "province__name")),
        "innovations": sorted(InnovationPage.objects.filter(live=True)
                              .values_list("title", "agency__name")),
        "competitions": sorted(Competition.objects.values_list("year", "name")),
        "achievements": sorted(Achievement.objects.values_list(
            "year", "tier", "innovation__title", "competition_name")),
        "results": sorted(RoundResult.objects.filter(published=True)
                          .values_list("round__competition__year", "round__tier")),
        "rows": ResultRow.objects.filter(selected=True).count(),
        "entries": Entry.objects.count(),
    }


def test_sample_imported_twice_gives_exactly_the_expected_rows(index):
    first = import_results(file=SAMPLE)
    after_first = snapshot()
    second = import_results(file=SAMPLE)

    assert first.ok and second.ok
    assert second.changed is False
    assert snapshot() == after_first
    assert after_first["agencies"] == [
        ("Kementerian Arsip Tiga", "kementerian", None),
        ("Pemerintah Kabupaten Arsip Satu", "kabupaten", "Jawa Timur"),
        ("Pemerintah Kota Arsip Dua", "kota", "Jawa Barat"),
        ("Pemerintah Provinsi Arsip Empat", "provinsi", "Sulawesi Selatan"),
    ]
    assert len(after_first["innovations"]) == 5
    assert after_first["competitions"] == [(2019, "KIPP 2019"), (2021, "KIPP 2021")]
    assert after_first["achievements"] == [
        (2019, "top45", "Klinik Gizi Balita Terpadu", "KIPP 2019"),
        (2019, "top45", "Layanan Akta Kelahiran Keliling Desa", "KIPP 2019"),
        (2019, "top99", "Bank Sampah Sekolah", "KIPP 2019"),
        (2019, "top99", "Klinik Gizi Balita Terpadu", "KIPP 2019"),
        (2019, "top99", "Layanan Akta Kelahiran Keliling Desa", "KIPP 2019"),
        (2019, "top99", "Sistem Antrean Paspor Daring", "KIPP 2019"),
        (2021, "outstanding", "Klinik Gizi Balita Terpadu", "KIPP 2021"),
        (2021, "top45", "Petani Cerdas Berbasis Data", "KIPP 2021"),
    ]
    assert after_first["results"] == [(2019, "top45"), (2019, "top99"), (2021, "outstanding"),
                                      (2021, "top45")]
    assert after_first["rows"] == 8
    assert after_first["entries"] == 6


def test_bad_rows_import_nothing_and_name_their_lines(index):
    with translation.override("en"):  # the row messages are asserted in English
        report = import_results(file=DATA / "archive-bad.csv")

    assert [line for line, _message in report.errors] == [3, 4, 5]
    assert "Provinsi Khayalan" in report.errors[0][1]
    assert report.errors[1][1] == "2019 awarded Top 99, Top 45, not Top 12"
    assert "missing innovation" in report.errors[2][1]
    assert Agency.objects.filter(name="Pemerintah Kota Arsip Baik").exists() is False
    assert Achievement.objects.count() == 0


def test_missing_column_is_reported_on_line_one(index, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("year,tier,innovation\n2019,Top 99,A\n", encoding="utf-8")

    with translation.override("en"):
        report = import_results(file=path)

    assert report.errors == [(1, "missing columns: agency")]


def test_archive_year_gets_a_public_leaderboard(client, home_page, index):
    from judging.services.editions import ensure_index

    ensure_index(home=home_page)
    import_results(file=SAMPLE)

    response = client.get("/kompetisi/2019/top-45/")

    assert response.status_code == 200
    assert sorted(row.entry.innovation.title for row in response.context["rows"]) == [
        "Klinik Gizi Balita Terpadu", "Layanan Akta Kelahiran Keliling Desa"]


def test_command_fails_with_line_numbers_and_succeeds_on_good_file(index, capsys):
    with translation.override("en"):
        with pytest.raises(CommandError, match="Nothing imported: 3 bad row"):
            call_command("import_results", str(DATA / "archive-bad.csv"), "--language", "en")
        call_command("import_results", str(SAMPLE))

    out, err = capsys.readouterr()
    assert "line 3: unknown province" in err
    assert "8 row(s) read" in out


def test_admin_import_screen_is_for_the_secretariat_only(client, index):
    operator = UserFactory(username="operator", is_staff=True)
    operator.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(operator)
    denied = client.get("/admin/arsip-hasil/impor/")
    client.force_login(secretariat())
    upload = SimpleUploadedFile("arsip.csv", SAMPLE.read_bytes(), content_type="text/csv")
    checked = client.post("/admin/arsip-hasil/impor/", {"file": upload})
    written_by_check = Achievement.objects.count()
    response = client.post("/admin/arsip-hasil/impor/", {
        "content": SAMPLE.read_text(encoding="utf-8"), "action": "import"})

    assert (denied.status_code, denied["Location"]) == (302, "/admin/")
    assert checked.context["report"].dry_run is True
    assert written_by_check == 0
    assert response.status_code == 200
    assert response.context["report"].ok
    assert Achievement.objects.count() == 8


def test_command_refuses_an_over_long_name_with_its_line_not_a_traceback(index, tmp_path,
                                                                         capsys):
    source = tmp_path / "panjang.csv"
    source.write_text(
        "year,tier,innovation,agency\n"
        "2019,Top 99,Layanan Baik,Pemerintah Kota Surabaya\n"
        f"2019,Top 99,Layanan Panjang,Pemerintah Kota {'X' * 600}\n", encoding="utf-8")

    with translation.override("en"), pytest.raises(CommandError,
                                                   match="Nothing imported: 1 bad row"):
        call_command("import_results", str(source), "--language", "en")

    err = capsys.readouterr().err
    assert "line 3:" in err
    assert "Traceback" not in err
    assert Achievement.objects.count() == 0


def test_the_imported_profiles_are_listed_with_one_rewrite_of_the_listing(index, monkeypatch):
    from innovations import listing
    from innovations.models import ListedInnovation

    calls = []
    real_refresh = listing.refresh_listing

    def counting_refresh(*, page_ids=None):
        calls.append(sorted(page_ids))
        real_refresh(page_ids=page_ids)

    monkeypatch.setattr(listing, "refresh_listing", counting_refresh)

    assert import_results(file=SAMPLE).ok

    imported = sorted(InnovationPage.objects.filter(live=True).values_list("pk", flat=True))
    assert calls == [imported]  # four per profile before (saved twice, published)
    assert sorted(ListedInnovation.objects.values_list("page_id", flat=True)) == imported
