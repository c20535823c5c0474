"""Fixtures for the public database tests: a small, fully known catalogue."""

import pytest
from wagtail.models import Locale

from home.seed import ensure_translation
from innovations.models import AgencyIndexPage, AgencyType, Province
from tests.factories import AchievementFactory, AgencyFactory, InnovationPageFactory, category, sdg


@pytest.fixture
def public_index(index):
    """/inovasi/ with its English translation /en/inovasi/."""
    ensure_translation(index, Locale.objects.get(language_code="en"), title="Innovations",
                       fields={})
    return index


@pytest.fixture
def agency_index(home_page):
    page = AgencyIndexPage(title="Instansi", slug="instansi", locale=home_page.locale)
    home_page.add_child(instance=page)
    page.save_revision().publish()
    ensure_translation(page, Locale.objects.get(language_code="en"), title="Agencies",
                       fields={})
    return page


@pytest.fixture
def catalogue(public_index):
    """Four live innovations and one draft, with known facets."""
    surabaya = AgencyFactory(name="Pemerintah Kota Surabaya", slug="kota-surabaya",
                             agency_type=AgencyType.CITY, province=Province.objects.get(code="35"))
    kemenkes = AgencyFactory(name="Kementerian Kesehatan", slug="kemenkes",
                             agency_type=AgencyType.MINISTRY, province=None)
    badung = AgencyFactory(name="Pemerintah Kabupaten Badung", slug="kab-badung",
                           agency_type=AgencyType.REGENCY, province=Province.objects.get(code="51"))
    antrean = InnovationPageFactory(
        parent=public_index, title="Sistem Antrean Daring Puskesmas", slug="antrean-puskesmas",
        agency=surabaya, category=category("kesehatan"), year=2023, sdgs=[sdg(3)],
        summary="Warga mengambil nomor antrean puskesmas dari rumah.",
    )
    akta = InnovationPageFactory(
        parent=public_index, title="Layanan Akta Kelahiran Keliling", slug="akta-keliling",
        agency=surabaya, category=category("tata-kelola-pemerintahan"), year=2024,
        sdgs=[sdg(16)], summary="Petugas mendatangi rumah sakit untuk menerbitkan akta.",
    )
    sampah = InnovationPageFactory(
        parent=public_index, title="Bank Sampah Digital Sekolah", slug="bank-sampah",
        agency=badung, category=category("lingkungan-hidup"), year=2025, group="replikasi",
        sdgs=[sdg(12), sdg(4)], summary="Siswa menabung sampah terpilah.",
    )
    paspor = InnovationPageFactory(
        parent=public_index, title="Klinik Obat Keliling", slug="klinik-obat",
        agency=kemenkes, category=category("kesehatan"), year=2025, group="khusus",
        sdgs=[sdg(3)], summary="Apoteker keliling ke desa terpencil.",
    )
    draft = InnovationPageFactory(
        parent=public_index, title="Antrean Rahasia Puskesmas", slug="antrean-rahasia",
        agency=surabaya, category=category("kesehatan"), year=2023, sdgs=[sdg(3)],
        summary="Draf yang belum terbit tentang antrean.", live=False,
    )
    AchievementFactory(innovation=antrean, year=2023, tier="top99")
    AchievementFactory(innovation=antrean, year=2023, tier="top45")
    AchievementFactory(innovation=akta, year=2024, tier="top99")
    AchievementFactory(innovation=draft, year=2023, tier="top99")
    return {
        "agencies": {"surabaya": surabaya, "kemenkes": kemenkes, "badung": badung},
        "antrean": antrean, "akta": akta, "sampah": sampah, "paspor": paspor, "draft": draft,
    }
