"""The archive import screen: dry run first, bad files answered with 200 and line
messages in Indonesian, the checked text kept for the confirmation (issue 14, point 3)."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innovations.models import Achievement, Agency, AgencyAlias, InnovationPage
from judging.models import ResultRow
from tests.factories import innovation_index, secretariat

DATA = Path(__file__).resolve().parents[1] / "services" / "data"
URL = "/admin/arsip-hasil/impor/"


@pytest.fixture
def staff_client(client, home_page):
    innovation_index(home_page)
    client.force_login(secretariat())
    return client


def upload(path):
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")


def test_bad_file_gets_200_with_every_line_and_reason_in_indonesian(staff_client):
    response = staff_client.post(URL, {"file": upload(DATA / "archive-messy-bad.csv")})
    html = response.content.decode()

    assert response.status_code == 200
    assert "Tidak ada yang diimpor" in html
    assert "Baris 3: innovation panjangnya 652 karakter; paling banyak 255" in html
    assert "Baris 4: duplikat baris 2" in html
    assert "Baris 5: tidak ada kompetisi pada tahun 2024" in html
    assert response.context["form"].initial["content"].startswith("year,tier,innovation")
    assert (Agency.objects.count(), InnovationPage.objects.count()) == (0, 0)


def test_over_long_agency_name_is_a_message_not_a_500(staff_client):
    text = "year,tier,innovation,agency\n2019,Top 99,Layanan A,Kota " + "Panjang " * 75 + "\n"

    response = staff_client.post(URL, {"content": text, "action": "import"})

    assert response.status_code == 200
    assert [line for line, _message in response.context["report"].errors] == [2]
    assert Agency.objects.count() == 0


def test_dry_run_shows_what_would_be_created_then_confirm_imports_the_same_text(staff_client):
    checked = staff_client.post(URL, {"file": upload(DATA / "archive-messy.csv")})
    html = checked.content.decode()
    written = (Agency.objects.count(), InnovationPage.objects.count(), ResultRow.objects.count())
    kept = checked.context["form"].initial["content"]
    confirmed = staff_client.post(URL, {"content": kept, "action": "import"})

    assert checked.status_code == 200
    assert checked.context["report"].dry_run is True
    assert written == (0, 0, 0)
    assert "Instansi baru" in html
    assert "Kota Surabaya" in html
    assert "Top 9 2014: 2 baris · 2 dari 9 diketahui" in html
    assert 'name="action" value="import"' in html
    assert confirmed.status_code == 200
    assert confirmed.context["report"].dry_run is False
    assert Agency.objects.count() == 7
    assert Achievement.objects.count() == 10


def test_dry_run_of_a_later_list_names_the_matching_alias(staff_client):
    staff_client.post(URL, {"content": (DATA / "archive-messy.csv").read_text(),
                            "action": "import"})

    checked = staff_client.post(URL, {"file": upload(DATA / "archive-messy-later.csv")})
    html = checked.content.decode()

    assert "“Pemerintah Kota Surabaya” → Kota Surabaya (cocok dengan “Pemerintah Kota Surabaya”)" \
        in html
    assert AgencyAlias.objects.filter(alias="Kab. Banyuwangi").exists() is False


def test_fixing_the_bad_row_in_the_form_then_importing(staff_client):
    bad = "year,tier,innovation,agency\n2019,Top 99,Layanan A,Kota Surabaya\n" \
          "2019,Top 12,Layanan B,Kota Surabaya\n"
    first = staff_client.post(URL, {"content": bad, "action": "check"})
    fixed = first.context["form"].initial["content"].replace("Top 12", "Top 45")
    second = staff_client.post(URL, {"content": fixed, "action": "check"})
    imported = staff_client.post(URL, {"content": fixed, "action": "import"})

    assert first.context["report"].ok is False
    assert second.context["report"].ok is True
    assert imported.context["report"].ok is True
    assert sorted(Achievement.objects.values_list("tier", "innovation__title")) == [
        ("top45", "Layanan B"), ("top99", "Layanan A")]
