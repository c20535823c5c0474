"""One agency per government: aliases across imports, and merging duplicates."""

from pathlib import Path

import pytest
from wagtail.models import ModelLogEntry

from innovations.models import Achievement, Agency, AgencyAlias, InnovationPage, Membership, Unit
from judging.models import ConflictOfInterest, Entry, JudgeProfile
from judging.services.agencies import merge_agencies
from judging.services.archive import import_results
from tests.factories import AgencyFactory, UserFactory, innovation_index, judge, secretariat

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def index(home_page):
    return innovation_index(home_page)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_two_spellings_in_two_imports_make_one_agency(index, tmp_path):
    import_results(file=write(tmp_path, "a.csv", "year,tier,innovation,agency\n"
                                                  "2019,Top 99,Layanan A,Kota Surabaya\n"))
    second = import_results(file=write(tmp_path, "b.csv", "year,tier,innovation,agency\n"
                                                          "2021,Top 99,Layanan B,"
                                                          "Pemerintah Kota Surabaya\n"))

    assert second.errors == []
    assert list(Agency.objects.values_list("name", "agency_type", "province__name")) == [
        ("Kota Surabaya", "kota", "Jawa Timur")]
    assert list(AgencyAlias.objects.values_list("alias", "agency__name", "key")) == [
        ("Pemerintah Kota Surabaya", "Kota Surabaya", "kota:surabaya")]
    assert InnovationPage.objects.filter(agency__name="Kota Surabaya").count() == 2


def test_later_list_with_other_spellings_finds_every_agency(index):
    import_results(file=DATA / "archive-messy.csv")
    before = sorted(Agency.objects.values_list("pk", flat=True))

    report = import_results(file=DATA / "archive-messy-later.csv")

    assert report.errors == []
    assert sorted(Agency.objects.values_list("pk", flat=True)) == before
    assert sorted(Achievement.objects.filter(year__gte=2018).values_list(
        "year", "tier", "innovation__agency__name")) == [
        (2018, "top40", "Kota Surabaya"), (2018, "top99", "Kemenkes"),
        (2018, "top99", "Pemkab Banyuwangi"), (2019, "top45", "Polres Banyuwangi")]
    assert sorted(AgencyAlias.objects.values_list("alias", flat=True)) == [
        "Kab. Banyuwangi", "Kementerian Kesehatan", "Kementerian Kesehatan RI",
        "Kepolisian Resor Banyuwangi", "Pemerintah Kota Surabaya",
        "Pemerintah Provinsi Jawa Timur"]


def test_dry_run_names_the_alias_an_agency_was_matched_by(index):
    import_results(file=DATA / "archive-messy.csv")

    report = import_results(file=DATA / "archive-messy-later.csv", dry_run=True)

    assert report.plan["new_agencies"] == []
    assert sorted((plan.spellings.pop(), plan.existing.name, plan.via)
                  for plan in report.plan["matched_agencies"]) == [
        ("Kab. Banyuwangi", "Pemkab Banyuwangi", "Pemkab Banyuwangi"),
        ("Kementerian Kesehatan RI", "Kemenkes", "Kemenkes"),
        ("Kepolisian Resor Banyuwangi", "Polres Banyuwangi", "Polres Banyuwangi"),
        ("Pemerintah Kota Surabaya", "Kota Surabaya", "Pemerintah Kota Surabaya"),
    ]
    assert AgencyAlias.objects.filter(alias="Kab. Banyuwangi").exists() is False


def test_merge_keeps_every_innovation_award_unit_member_and_judge(index, tmp_path):
    import_results(file=DATA / "archive-messy.csv")
    keep = Agency.objects.get(name="Kota Surabaya")
    duplicate = AgencyFactory(name="Pemkot Sby", agency_type="kota", province=keep.province)
    extra = import_results(file=write(tmp_path, "c.csv", "year,tier,innovation,agency,unit\n"
                                                 "2019,Top 45,Layanan Ganda,Pemkot Sby,"
                                                 "Dinas Penanaman Modal\n"))
    assert extra.errors == []
    twin_unit = Unit.objects.get(agency=duplicate)
    operator = UserFactory()
    Membership.objects.create(user=operator, agency=duplicate, unit=twin_unit, role="operator")
    juror = judge("juri-x")
    JudgeProfile.objects.update_or_create(user=juror, defaults={"agency": duplicate})
    ConflictOfInterest.objects.create(judge=juror, agency=duplicate, reason="mantan pegawai")
    AgencyAlias.objects.create(agency=duplicate, alias="Pemkot Sby.", key="kota:sby")
    awards_before = Achievement.objects.count()
    entries_before = Entry.objects.count()

    report = merge_agencies(keep=keep, remove=duplicate, user=secretariat())

    moved = InnovationPage.objects.get(title="Layanan Ganda")
    assert report.innovations == 1
    assert Agency.objects.filter(pk=duplicate.pk).exists() is False
    assert moved.agency == keep
    assert moved.unit.agency == keep
    assert moved.get_latest_revision().as_object().agency_id == keep.pk
    assert Unit.objects.filter(agency=keep, name="Dinas Penanaman Modal").count() == 1
    assert Achievement.objects.count() == awards_before
    assert Entry.objects.count() == entries_before
    assert Achievement.objects.filter(innovation=moved, year=2019, tier="top45").exists()
    assert Membership.objects.get(user=operator).agency == keep
    assert JudgeProfile.objects.get(user=juror).agency == keep
    assert ConflictOfInterest.objects.get(judge=juror).agency == keep
    assert sorted(keep.aliases.values_list("alias", flat=True)) == [
        "Pemerintah Kota Surabaya", "Pemkot Sby", "Pemkot Sby."]
    assert ModelLogEntry.objects.filter(action="judging.agency_merge",
                                        object_id=str(keep.pk)).count() == 1


def test_admin_merge_asks_for_confirmation_first(client, index):
    keep = AgencyFactory(name="Pemerintah Kota Arsip", agency_type="kota")
    other = AgencyFactory(name="Kota Arsip", agency_type="kota")
    client.force_login(secretariat())

    review = client.post("/admin/instansi/gabung/", {"keep": keep.pk, "remove": other.pk})
    still_there = Agency.objects.filter(pk=other.pk).exists()
    done = client.post("/admin/instansi/gabung/", {"keep": keep.pk, "remove": other.pk,
                                                   "confirm": "1"})

    assert review.status_code == 200
    assert "Ya, gabungkan" in review.content.decode()
    assert still_there is True
    assert done.status_code == 302
    assert Agency.objects.filter(pk=other.pk).exists() is False


def test_admin_merge_is_for_the_secretariat_only(client, index):
    operator = UserFactory(username="op", is_staff=True)
    from django.contrib.auth.models import Permission
    operator.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(operator)

    response = client.get("/admin/instansi/gabung/")

    assert response.status_code == 302


def test_a_merged_agencys_profiles_are_listed_filtered_and_found_under_the_agency_kept(
        client, index, settings, django_capture_on_commit_callbacks):
    from innovations.models import ListedInnovation
    from tests.factories import InnovationPageFactory

    keep = AgencyFactory(name="Pemerintah Kota Tetap", slug="kota-tetap")
    duplicate = AgencyFactory(name="Pemkot Tetap", slug="pemkot-tetap")
    moved = InnovationPageFactory(parent=index, agency=duplicate, title="Layanan Pindahan",
                                  slug="layanan-pindahan")
    settings.PORTAL_PAGE_CACHE = True
    assert "Layanan Pindahan" not in client.get("/inovasi/?instansi=kota-tetap").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        merge_agencies(keep=keep, remove=duplicate, user=secretariat())

    assert ListedInnovation.objects.get(page=moved).agency_id == keep.pk
    # Served fresh, not the page cached before the merge.
    assert "Layanan Pindahan" in client.get("/inovasi/?instansi=kota-tetap").content.decode()
    # Found by the name of the agency it now belongs to.
    assert "Layanan Pindahan" in client.get("/inovasi/?q=pemerintah").content.decode()


def test_admin_merge_of_an_agency_with_itself_says_why_and_keeps_the_choice(client, index):
    keep = AgencyFactory(name="Pemerintah Kota Sendiri", agency_type="kota")
    client.force_login(secretariat())

    response = client.post("/admin/instansi/gabung/", {"keep": keep.pk, "remove": keep.pk})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Pilih dua instansi yang berbeda." in html
    assert f'<option value="{keep.pk}" selected>' in html
    assert Agency.objects.filter(pk=keep.pk).exists()
