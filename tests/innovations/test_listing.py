"""The listing's narrow table (innovations.models.ListedInnovation, innovations/listing.py):
never an unpublished or private profile, a publish shown at once, and facet counts identical
to the computation over the pages that it replaced (kept below as the reference)."""

import datetime

import pytest
from django.db import connection
from django.db.models import CharField, Count, F, IntegerField, Value
from django.db.models.functions import Cast
from django.http import QueryDict
from wagtail.models import PageViewRestriction

from innovations.filters import (
    FACETS,
    InnovationFilterSet,
    ListingFilterSet,
    clean_query,
    facet_rows,
    latest_status,
    listing_counts,
)
from innovations.models import InnovationPage, ListedInnovation, StatusUpdate
from innovations.queries import listing_scope, public_innovations
from tests.factories import AchievementFactory, InnovationPageFactory, category, sdg


def titles(response):
    return [item.title for item in response.context["page_obj"].object_list]


# --- the reference: facet_rows as it was before the listing table (commit 5ba4798)

def _text(value=""):
    return Value(value, output_field=CharField())


OLD_FACET_COLUMNS = {
    "tahun": ({}, Cast("year", CharField()), _text(), _text(), F("year")),
    "capaian": ({"achievements__isnull": False}, F("achievements__tier"), _text(), _text(),
                Value(0)),
    "kategori": ({"category__isnull": False}, F("category__slug"), F("category__name_id"),
                 F("category__name_en"), F("category__sort_order")),
    "sdg": ({"sdgs__isnull": False}, Cast("sdgs__number", CharField()), F("sdgs__name_id"),
            F("sdgs__name_en"), F("sdgs__number")),
    "jenis": ({}, F("agency__agency_type"), _text(), _text(), Value(0)),
    "provinsi": ({"agency__province__isnull": False}, F("agency__province_id"),
                 F("agency__province__name"), _text(), Value(0)),
    "kelompok": ({}, F("group"), _text(), _text(), Value(0)),
    "instansi": ({}, F("agency__slug"), F("agency__name"), _text(), Value(0)),
    "status": ({"status_updates__isnull": False}, latest_status(), _text(), _text(), Value(0)),
}


def _old_search(query):
    """The old search: Wagtail's index table, (title || body) @@ query on PostgreSQL."""
    if connection.vendor == "postgresql":
        from django.contrib.contenttypes.models import ContentType
        from django.contrib.postgres.search import SearchQuery, SearchVectorField
        from django.db.models import BigIntegerField
        from django.db.models.expressions import CombinedExpression
        from wagtail.search.models import IndexEntry

        document = CombinedExpression(F("title"), "||", F("body"),
                                      output_field=SearchVectorField())
        return list(IndexEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(InnovationPage))
            .alias(document=document)
            .filter(document=SearchQuery(query, search_type="plain", config="simple"))
            .annotate(page_id=Cast("object_id", BigIntegerField()))
            .values_list("page_id", flat=True))
    results = InnovationPage.objects.all().search(query, order_by_relevance=False)
    return list(results.get_queryset().order_by().values_list("pk", flat=True))


def old_facet_rows(*, data, queryset):
    query = clean_query(data.get("q"))
    rows = {name: [] for name in OLD_FACET_COLUMNS}
    for name, (restriction, value, label_id, label_en, sort) in OLD_FACET_COLUMNS.items():
        others = data.copy()
        for key in (name, "halaman", "q"):
            others.pop(key, None)
        scoped = InnovationFilterSet(others, queryset=queryset).qs.filter(**restriction)
        if query:
            scoped = scoped.filter(pk__in=_old_search(query))
        for row in (scoped.order_by()
                    .annotate(facet=_text(name), value=value, label_id=label_id,
                              label_en=label_en, sort=Cast(sort, IntegerField()))
                    .values("facet", "value", "label_id", "label_en", "sort")
                    .annotate(n=Count("pk", distinct=True))
                    .values("value", "label_id", "label_en", "sort", "n")):
            rows[name].append(row)
    return rows


def _sorted(rows):
    return {name: sorted(values, key=lambda row: (str(row["value"]), row["n"]))
            for name, values in rows.items()}


@pytest.fixture
def wide_catalogue(catalogue, public_index):
    """The catalogue plus profiles with several SDGs, awards in several years, yearly
    statuses (the latest one counts) and a private profile."""
    agencies = catalogue["agencies"]
    extra = [
        InnovationPageFactory(parent=public_index, title=f"Layanan Keliling Desa {n}",
                              slug=f"keliling-desa-{n}", agency=agency, year=year,
                              category=category(slug), sdgs=[sdg(3), sdg(number)],
                              summary="Petugas keliling ke desa dengan layanan antrean.")
        for n, (agency, year, slug, number) in enumerate([
            (agencies["surabaya"], 2023, "kesehatan", 16),
            (agencies["badung"], 2024, "kesehatan", 4),
            (agencies["kemenkes"], 2025, "lingkungan-hidup", 12),
            (agencies["surabaya"], 2025, "tata-kelola-pemerintahan", 3),
        ])]
    AchievementFactory(innovation=extra[0], year=2023, tier="top99")
    AchievementFactory(innovation=extra[0], year=2024, tier="top99")
    AchievementFactory(innovation=extra[1], year=2024, tier="top45")
    for page, statuses in [(catalogue["antrean"], [(2024, "berjalan"), (2025, "berhenti")]),
                           (extra[0], [(2025, "berjalan")]),
                           (extra[2], [(2024, "berubah"), (2025, "berjalan")])]:
        for year, status in statuses:
            StatusUpdate.objects.create(innovation=page, year=year, status=status,
                                        as_of=datetime.date(year, 6, 1))
    PageViewRestriction.objects.create(page=extra[3], restriction_type="login")
    return {**catalogue, "extra": extra}


@pytest.mark.parametrize("query", [
    "",
    "jenis=kota",
    "q=keliling",
    "q=keliling&jenis=kota&sdg=3&capaian=top99",
    "kategori=kesehatan&tahun=2023&status=berjalan",
    "provinsi=35&kelompok=umum&capaian=top99",
    "sdg=3&status=berhenti&instansi=kota-surabaya",
    "q=layanan&kategori=kesehatan&sdg=16&tahun=2023&jenis=kota&provinsi=35",
])
def test_facet_counts_are_identical_to_the_computation_over_the_pages(
        wide_catalogue, public_index, query):
    data = QueryDict(query)

    new = facet_rows(data=data, queryset=listing_scope(index=public_index))
    old = old_facet_rows(data=data, queryset=public_innovations(index=public_index))

    assert _sorted(new) == _sorted(old)
    assert sum(len(rows) for rows in new.values()) > 0


@pytest.mark.parametrize("query", [
    "",
    "jenis=kota",
    "q=keliling&jenis=kota&sdg=3&capaian=top99",
    "kategori=kesehatan&tahun=2023&status=berjalan",
    "sdg=3&status=berhenti&instansi=kota-surabaya",
    "tahun=bukan-angka&jenis=kota",  # an invalid value is ignored, the valid one applies
])
def test_the_facet_query_counts_the_results_the_filters_keep(wide_catalogue, public_index,
                                                              query):
    """The listing's result count comes from the facet query (no COUNT of its own): the
    number of rows every active filter keeps, as the filter set and the old computation
    over the pages count them."""
    data = QueryDict(query)
    scope = listing_scope(index=public_index)

    _rows, total = listing_counts(data=data, queryset=scope)

    assert total == ListingFilterSet(data, queryset=scope).qs.count()
    old = InnovationFilterSet(data, queryset=public_innovations(index=public_index)).qs
    if clean_query(data.get("q")):
        old = old.filter(pk__in=_old_search(clean_query(data.get("q"))))
    assert total == old.count()


def test_every_listing_filter_is_a_facet_or_the_search():
    """The facet query's total applies every facet's filter: a filter that is not a facet
    would be missing from it."""
    assert set(ListingFilterSet.base_filters) == {*FACETS, "q"}


def test_the_latest_status_counts_not_an_earlier_one(wide_catalogue, public_index):
    counts = facet_rows(data=QueryDict(""), queryset=listing_scope(index=public_index))

    assert {row["value"]: row["n"] for row in counts["status"]} == {"berhenti": 1,
                                                                    "berjalan": 2}


def test_an_unpublished_profile_is_not_found(client, catalogue):
    assert titles(client.get("/inovasi/?q=antrean")) == ["Sistem Antrean Daring Puskesmas"]

    catalogue["antrean"].unpublish()
    response = client.get("/inovasi/?q=antrean")

    assert titles(response) == []
    assert response.context["result_count"] == 0
    assert not ListedInnovation.objects.filter(pk=catalogue["antrean"].pk).exists()
    assert "Sistem Antrean Daring Puskesmas" not in titles(client.get("/inovasi/"))


def test_an_edited_profile_is_found_by_its_new_words_and_not_its_removed_ones(
        client, catalogue):
    page = InnovationPage.objects.get(pk=catalogue["sampah"].pk)
    assert titles(client.get("/inovasi/?q=terpilah")) == ["Bank Sampah Digital Sekolah"]

    page.title = "Bank Kompos Digital Sekolah"
    page.summary = "Siswa mengolah kompos dari sisa makanan kantin."
    page.save_revision().publish()

    assert titles(client.get("/inovasi/?q=kompos")) == ["Bank Kompos Digital Sekolah"]
    assert titles(client.get("/inovasi/?q=terpilah")) == []
    assert titles(client.get("/inovasi/?q=sampah")) == []


def test_a_draft_change_is_not_searchable_until_published(client, catalogue):
    page = InnovationPage.objects.get(pk=catalogue["sampah"].pk)
    page.summary = "Siswa mengolah kompos dari sisa makanan kantin."
    page.save_revision()

    assert titles(client.get("/inovasi/?q=kompos")) == []
    assert titles(client.get("/inovasi/?q=terpilah")) == ["Bank Sampah Digital Sekolah"]


def test_a_private_profile_is_neither_listed_nor_counted(client, catalogue):
    PageViewRestriction.objects.create(page=catalogue["akta"], restriction_type="login")

    response = client.get("/inovasi/?q=keliling")

    assert titles(response) == ["Klinik Obat Keliling"]
    assert response.context["result_count"] == 1
    found = next(f for f in response.context["facets"] if f["name"] == "jenis")
    assert {option["value"]: option["count"] for option in found["options"]} == {
        "kementerian": 1}


def test_a_new_profile_is_listed_at_once_and_a_deleted_one_gone(client, catalogue,
                                                                  public_index):
    page = InnovationPageFactory(parent=public_index, title="Posyandu Digital Kelurahan",
                                 slug="posyandu-digital", summary="Kader mencatat balita.")
    assert titles(client.get("/inovasi/?q=posyandu")) == ["Posyandu Digital Kelurahan"]

    page.delete()

    assert titles(client.get("/inovasi/?q=posyandu")) == []
    assert not ListedInnovation.objects.filter(pk=page.pk).exists()


def test_a_row_out_of_step_never_shows_an_unpublished_profile(client, catalogue):
    """A page taken offline without any signal (a bare UPDATE) keeps its listed row, but
    the profiles shown are read through the live pages."""
    InnovationPage.objects.filter(pk=catalogue["antrean"].pk).update(live=False)

    assert titles(client.get("/inovasi/?q=antrean")) == []


def test_refresh_rebuilds_the_table_from_the_live_pages(catalogue):
    from innovations.listing import refresh_listing

    ListedInnovation.objects.all().delete()
    refresh_listing()

    assert set(ListedInnovation.objects.values_list("title", flat=True)) == {
        "Sistem Antrean Daring Puskesmas", "Layanan Akta Kelahiran Keliling",
        "Bank Sampah Digital Sekolah", "Klinik Obat Keliling"}


def test_a_deferred_refresh_writes_the_rows_once_at_the_end(public_index, monkeypatch):
    from innovations import listing

    calls = []
    real_refresh = listing.refresh_listing
    monkeypatch.setattr(listing, "refresh_listing", lambda *, page_ids=None: (
        calls.append(sorted(page_ids)), real_refresh(page_ids=page_ids)))

    with listing.deferred_refresh():
        with listing.deferred_refresh():  # nested: the outer block writes
            first = InnovationPageFactory(parent=public_index, title="Tunda Satu",
                                          slug="tunda-satu")
        second = InnovationPageFactory(parent=public_index, title="Tunda Dua", slug="tunda-dua")
        assert calls == []
        assert not ListedInnovation.objects.filter(pk__in=[first.pk, second.pk]).exists()

    assert calls == [sorted([first.pk, second.pk])]
    assert ListedInnovation.objects.filter(pk__in=[first.pk, second.pk]).count() == 2


def test_after_an_error_in_a_deferred_refresh_rows_are_written_at_once_again(public_index):
    from innovations import listing

    with pytest.raises(RuntimeError), listing.deferred_refresh():
        InnovationPageFactory(parent=public_index, title="Gagal", slug="gagal")
        raise RuntimeError("the import failed")

    later = InnovationPageFactory(parent=public_index, title="Sesudah", slug="sesudah")
    assert ListedInnovation.objects.filter(pk=later.pk).exists()


def test_a_renamed_agencys_profiles_are_found_by_its_new_name_only(
        client, public_index, django_capture_on_commit_callbacks):
    from tests.factories import AgencyFactory

    agency = AgencyFactory(name="Dinas Lama Sekali")
    InnovationPageFactory(parent=public_index, agency=agency, title="Layanan Berganti Nama",
                          slug="berganti-nama")
    assert titles(client.get("/inovasi/?q=lama")) == ["Layanan Berganti Nama"]

    with django_capture_on_commit_callbacks(execute=True):
        agency.name = "Badan Baru Sekali"
        agency.save()

    assert titles(client.get("/inovasi/?q=baru")) == ["Layanan Berganti Nama"]
    assert titles(client.get("/inovasi/?q=lama")) == []


def test_saving_an_agency_without_renaming_it_queues_no_reindex(
        public_index, django_capture_on_commit_callbacks):
    from tests.factories import AgencyFactory

    agency = AgencyFactory(name="Dinas Tetap")
    InnovationPageFactory(parent=public_index, agency=agency, slug="tetap")

    with django_capture_on_commit_callbacks() as callbacks:
        agency.agency_type = agency.agency_type
        agency.save()

    assert callbacks == []
