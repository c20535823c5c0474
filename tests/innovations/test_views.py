"""Profiles, the English database, agency pages and the sitemap."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from innovations.models import InnovationGalleryImage, OutcomeIndicator
from portal.demo_images import get_or_create_image
from tests.factories import InnovationPageFactory, add_with_image


def titles(response):
    return [item.title for item in response.context["page_obj"].object_list]


def test_profile_shows_its_sections_facts_and_awards(client, catalogue):
    page = catalogue["antrean"]
    page.novelty = "Nomor antrean diambil lewat WhatsApp."
    page.save_revision().publish()
    OutcomeIndicator.objects.create(page=page, name="Waktu tunggu", unit="menit",
                                    value_before=120, value_after=15)

    response = client.get("/inovasi/antrean-puskesmas/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Sistem Antrean Daring Puskesmas" in html
    assert "Nomor antrean diambil lewat WhatsApp." in html
    assert "Waktu tunggu" in html and ">120<" in html and ">15<" in html
    assert "Top 45 KIPP 2023" in html
    assert "Pemerintah Kota Surabaya" in html
    assert "Jawa Timur" in html
    assert [s["key"] for s in response.context["sections"]] == ["novelty"]


def test_profile_gallery_uses_responsive_modern_formats(client, catalogue):
    page = catalogue["antrean"]
    image = get_or_create_image(title="Foto antrean", seed=7)
    InnovationGalleryImage.objects.create(page=page, image=image, caption="Ruang tunggu")

    html = client.get("/inovasi/antrean-puskesmas/").content.decode()

    assert 'type="image/avif"' in html
    assert 'type="image/webp"' in html
    assert "srcset=" in html
    assert 'alt="Ruang tunggu"' in html


def test_replication_links_both_ways(client, catalogue):
    copy = InnovationPageFactory(parent=catalogue["antrean"].get_parent(), title="Antrean Tiru",
                                 slug="antrean-tiru", agency=catalogue["agencies"]["badung"],
                                 group="replikasi", replicates=catalogue["antrean"])

    original = client.get("/inovasi/antrean-puskesmas/").content.decode()
    replica = client.get("/inovasi/antrean-tiru/").content.decode()

    assert 'href="/inovasi/antrean-tiru/"' in original
    assert 'href="/inovasi/antrean-puskesmas/"' in replica
    assert copy.replicates_id == catalogue["antrean"].pk


@pytest.mark.parametrize("url", ["/inovasi/antrean-rahasia/", "/en/inovasi/antrean-rahasia/"])
def test_draft_profile_is_not_found(client, catalogue, url):
    assert client.get(url).status_code == 404


def test_english_listing_lists_the_indonesian_profiles_with_english_links(client, catalogue):
    response = client.get("/en/inovasi/?urutan=judul")

    html = response.content.decode()
    assert response.status_code == 200
    assert titles(response) == ["Bank Sampah Digital Sekolah", "Klinik Obat Keliling",
                                "Layanan Akta Kelahiran Keliling",
                                "Sistem Antrean Daring Puskesmas"]
    assert 'href="/en/inovasi/antrean-puskesmas/"' in html
    assert "Sort by" in html


def test_english_profile_has_indonesian_content_and_english_interface(client, catalogue):
    response = client.get("/en/inovasi/antrean-puskesmas/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Summary" in html and "Running since" in html
    assert "Warga mengambil nomor antrean puskesmas dari rumah." in html
    assert 'lang="id"' in html
    assert 'href="/inovasi/antrean-puskesmas/"' in html  # language switch and canonical


def test_indonesian_profile_has_indonesian_interface(client, catalogue):
    response = client.get("/inovasi/antrean-puskesmas/")

    assert '<html lang="id">' in response.content.decode()


def test_sitemap_lists_live_profiles_only(client, catalogue):
    xml = client.get("/sitemap.xml").content.decode()

    assert "/inovasi/antrean-puskesmas/" in xml
    assert "antrean-rahasia" not in xml


def test_agency_page_shows_units_live_innovations_and_awards(client, catalogue, agency_index):
    response = client.get("/instansi/kota-surabaya/")

    html = response.content.decode()
    assert response.status_code == 200
    assert titles(response) == ["Layanan Akta Kelahiran Keliling",
                                "Sistem Antrean Daring Puskesmas"]
    assert "Antrean Rahasia" not in html
    assert [(year, [a.get_tier_display() for a in awards])
            for year, awards in response.context["awards_by_year"]] == [
        (2024, ["Top 99"]), (2023, ["Top 45", "Top 99"])]
    assert 'href="/inovasi/antrean-puskesmas/"' in html


def test_english_agency_page_links_to_english_profiles(client, catalogue, agency_index):
    response = client.get("/en/instansi/kota-surabaya/")

    assert response.status_code == 200
    assert 'href="/en/inovasi/antrean-puskesmas/"' in response.content.decode()


def test_unknown_agency_is_not_found(client, catalogue, agency_index):
    assert client.get("/instansi/tidak-ada/").status_code == 404


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["Kementerian Kesehatan", "Pemerintah Kabupaten Badung", "Pemerintah Kota Surabaya"]),
    ("?jenis=kota", ["Pemerintah Kota Surabaya"]),
    ("?provinsi=51", ["Pemerintah Kabupaten Badung"]),
    ("?jenis=kementerian&provinsi=51", []),
    ("?jenis=bogus", ["Kementerian Kesehatan", "Pemerintah Kabupaten Badung",
                      "Pemerintah Kota Surabaya"]),
])
def test_agency_list_filters(client, catalogue, agency_index, query, expected):
    response = client.get(f"/instansi/{query}")

    names = [agency.name for agency in response.context["page_obj"].object_list
             if agency.slug in {"kota-surabaya", "kemenkes", "kab-badung"}]
    assert response.status_code == 200
    assert names == expected


def test_agency_list_counts_live_innovations_only(client, catalogue, agency_index):
    response = client.get("/instansi/?jenis=kota")

    assert [a.innovation_count for a in response.context["page_obj"].object_list] == [2]


def test_agency_list_counts_on_every_page_and_pages_without_reading_innovations(
        client, catalogue, agency_index):
    """The agencies are paged by name and counted alone; only the page's agencies have
    their live innovations counted (Surabaya: two live, one draft), on page 2 as on 1."""
    from innovations.views import AGENCY_PAGE_SIZE
    from tests.factories import AgencyFactory

    for n in range(AGENCY_PAGE_SIZE):  # "Dinas …" comes before "Kementerian", "Pemerintah"
        AgencyFactory(name=f"Dinas Contoh {n:02d}")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/instansi/", {"halaman": 2})

    shown = {a.slug: a.innovation_count for a in response.context["page_obj"].object_list}
    assert shown == {"kemenkes": 1, "kab-badung": 1, "kota-surabaya": 2}
    assert response.context["page_obj"].paginator.count == AGENCY_PAGE_SIZE + 3
    [count] = [q["sql"] for q in captured.captured_queries
               if q["sql"].startswith("SELECT COUNT(*)") and "innovations_agency" in q["sql"]]
    assert "innovations_innovationpage" not in count


def _queries(client, url):
    client.get(url)  # warm up renditions
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured.captured_queries)


def test_agency_page_query_count_does_not_grow_with_rows(
        client, catalogue, public_index, agency_index, django_assert_num_queries):
    agency = catalogue["agencies"]["badung"]
    add_with_image(public_index, agency, 1)
    few = _queries(client, "/instansi/kab-badung/")
    add_with_image(public_index, agency, 5, start=1)
    client.get("/instansi/kab-badung/")

    with django_assert_num_queries(few):
        response = client.get("/instansi/kab-badung/")

    assert response.context["innovation_count"] == 7


def test_agency_list_query_count_does_not_grow_with_rows(
        client, catalogue, agency_index, django_assert_num_queries):
    from tests.factories import AgencyFactory

    few = _queries(client, "/instansi/")
    AgencyFactory.create_batch(4)

    with django_assert_num_queries(few):
        client.get("/instansi/")




def test_a_search_typed_on_the_listing_is_ranked_by_relevance(client, catalogue):
    """The sort not chosen yet submits no value, so the next query is ranked by relevance;
    a sort the visitor chose is kept."""
    html = client.get("/inovasi/").content.decode()
    assert '<option value="" selected>' in html
    response = client.get("/inovasi/", {"q": "antrean", "urutan": ""})
    assert response.context["sort"] == "relevansi"
    chosen = client.get("/inovasi/", {"urutan": "judul"}).content.decode()
    assert '<option value="judul" selected>' in chosen
