"""Wagtail admin screens the portal's roles reach speak Indonesian where Wagtail's id_ID
catalogue is silent (the strings portal/wagtail_i18n adds, found by visiting every admin
screen of each role): the rich-text link choosers and the site history of a judge, the
snippet screens of the secretariat, and the libraries, settings and reports of the
superuser (an Indonesian user too). Each screen: its English strings are gone and at
least one of their Indonesian translations is there."""

import html

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innovations.models import AgencyAlias
from innovations.uploads import store_document, store_image
from judging.services import SECRETARIAT_GROUP
from tests.factories import (
    AgencyFactory,
    CompetitionFactory,
    RoundFactory,
    jpeg_with_exif,
    judge,
    pdf_with_author,
    secretariat,
)

pytestmark = pytest.mark.django_db


def text_of(response):
    """The screen's HTML with entities decoded (a modal chooser answers JSON with it)."""
    assert response.status_code == 200, response.status_code
    if response["Content-Type"].startswith("application/json"):
        return html.unescape(response.json()["html"])
    return html.unescape(response.content.decode())


def assert_indonesian(client, url, *, english, indonesian):
    page = text_of(client.get(url))
    for string in english:
        assert string not in page, f"{url}: {string!r} is still English"
    for string in indonesian:
        assert string in page, f"{url}: {string!r} is missing"


@pytest.fixture
def superuser(home_page):
    return get_user_model().objects.create_superuser("super-bahasa", "s@x.org", "x")


# --- a judge (and every admin user): link choosers, site history


def test_the_link_choosers_of_the_rich_text_editor_are_indonesian(client, home_page):
    client.force_login(judge("juri-tautan"))
    assert_indonesian(client, reverse("wagtailadmin_choose_page_phone_link"),
                      english=["Add a phone link", "Phone link"],
                      indonesian=["Tambah tautan telepon", "Tautan telepon"])
    assert_indonesian(client, reverse("wagtailadmin_choose_page_anchor_link"),
                      english=["Add an anchor link", "Anchor link", "Insert anchor"],
                      indonesian=["Tambah tautan jangkar", "Sisipkan jangkar"])


def test_an_empty_site_history_says_so_in_indonesian(client, home_page):
    client.force_login(judge("juri-riwayat"))
    assert_indonesian(client, reverse("wagtailadmin_reports:site_history"),
                      english=["No log entries found."],
                      indonesian=["Tidak ada catatan log."])


# --- the secretariat: snippets (listing, add, delete confirmation, usage)


@pytest.fixture
def staff(home_page):
    return secretariat("sekretariat-bahasa")


@pytest.fixture
def competition_with_round(db):
    competition = CompetitionFactory(year=2041, name="KIPP 2041")
    RoundFactory(competition=competition, order=1, name="Evaluasi")
    return competition


def test_a_snippet_listing_and_its_add_screen_are_indonesian(client, staff,
                                                             competition_with_round):
    client.force_login(staff)
    assert_indonesian(client, reverse("wagtailsnippets_judging_competition:list"),
                      english=["Delete selected snippets"],
                      indonesian=["Hapus snippet terpilih"])
    assert_indonesian(client, reverse("wagtailsnippets_innovations_agencyalias:add"),
                      english=["New: ", "To be created by"],
                      indonesian=["Baru: ", "Akan dibuat oleh sekretariat-bahasa"])


def test_deleting_a_snippet_asks_in_indonesian(client, staff, competition_with_round):
    alias = AgencyAlias.objects.create(agency=AgencyFactory(), alias="Pemkot Uji",
                                       key="pemkot uji")
    pk = competition_with_round.pk
    client.force_login(staff)
    assert_indonesian(client, reverse("wagtailsnippets_innovations_agencyalias:delete",
                                      args=[alias.pk]),
                      english=["No, don't delete", "is referenced"],
                      indonesian=["Tidak, jangan hapus", "ini dirujuk 0 kali."])
    assert_indonesian(client, reverse("wagtailsnippets_judging_competition:usage", args=[pk])
                      + "?describe_on_delete=1",
                      english=["If you confirm deletion", "will also be deleted", "Field<"],
                      indonesian=["Jika Anda mengonfirmasi penghapusan", "juga akan dihapus"])


# --- the superuser: dashboard, account, page explorer, libraries, settings, reports


def test_the_superusers_dashboard_and_account_are_indonesian(client, superuser):
    client.force_login(superuser)
    assert_indonesian(client, reverse("wagtailadmin_home"),
                      english=["created in"], indonesian=["dibuat di"])
    assert_indonesian(client, reverse("wagtailadmin_account"),
                      english=["Notifications<", "Receive notification when comments"],
                      indonesian=["Notifikasi", "Terima notifikasi ketika komentar"])


def test_the_page_explorer_and_a_page_history_are_indonesian(client, superuser, home_page,
                                                            index):
    client.force_login(superuser)
    assert_indonesian(client, reverse("wagtailadmin_explore_root"),
                      english=["The root level is where", "create them as children"],
                      indonesian=["Tingkat akar adalah tempat", "sebagai subhalaman dari beranda"])
    assert_indonesian(client, reverse("wagtailadmin_explore", args=[index.pk]),
                      english=["Translate this page", "No other translations"],
                      indonesian=["Terjemahkan halaman ini"])
    english_home = home_page.get_translations().get()
    assert_indonesian(client, reverse("wagtailadmin_pages:history", args=[english_home.pk]),
                      english=["Copied for translation"],
                      indonesian=["Disalin untuk terjemahan"])


@pytest.fixture
def image_and_document(superuser):
    image = store_image(upload=SimpleUploadedFile("foto.jpg", jpeg_with_exif()),
                        title="Foto kantor", user=superuser)
    document = store_document(upload=SimpleUploadedFile("sk.pdf", pdf_with_author()),
                              title="SK", user=superuser)
    return image, document


def test_the_image_and_document_libraries_are_indonesian(client, superuser, image_and_document):
    image, document = image_and_document
    client.force_login(superuser)
    assert_indonesian(client, reverse("wagtailimages:index"),
                      english=["Grid layout", "Delete selected images", "Usage count",
                               "File size: (low to high)"],
                      indonesian=["Tata letak kisi", "Hapus gambar terpilih"])
    assert_indonesian(client, reverse("wagtailimages:edit", args=[image.pk]),
                      english=["Focal point <span", "drag a box over the image"],
                      indonesian=["Titik fokus", "seret sebuah kotak"])
    assert_indonesian(client, reverse("wagtailimages:delete", args=[image.pk]),
                      english=["Are you sure you want to delete this image?"],
                      indonesian=["Apakah Anda yakin ingin menghapus gambar ini?"])
    assert_indonesian(client, reverse("wagtaildocs:index"),
                      english=["Add to collection", "Delete selected documents"],
                      indonesian=["Tambahkan ke koleksi", "Hapus dokumen terpilih"])
    assert_indonesian(client, reverse("wagtaildocs:add"),
                      english=["Maximum filesize", "Multi-word tags"],
                      indonesian=["Ukuran berkas maksimum", "Tag beberapa kata"])
    assert_indonesian(client, reverse("wagtaildocs:delete", args=[document.pk]),
                      english=["Are you sure you want to delete this document?"],
                      indonesian=["Apakah Anda yakin ingin menghapus dokumen ini?"])


def test_the_groups_and_workflows_settings_are_indonesian(client, superuser):
    group = Group.objects.get(name=SECRETARIAT_GROUP)
    client.force_login(superuser)
    assert_indonesian(client, reverse("wagtailusers_groups:edit", args=[group.pk]),
                      english=["Custom permissions", "Toggle all add permissions",
                               "Can access Wagtail admin", "Add a collection permission"],
                      indonesian=["Izin khusus", "Dapat mengakses admin Wagtail"])
    assert_indonesian(client, reverse("wagtailadmin_workflows:add"),
                      english=["Give your workflow a name", "Add tasks to your workflow",
                               "Assign your workflow to pages"],
                      indonesian=["Beri nama alur kerja Anda", "Tetapkan alur kerja Anda"])


def test_the_reports_are_indonesian(client, superuser):
    client.force_login(superuser)
    assert_indonesian(client, reverse("wagtailadmin_reports:locked_pages"),
                      english=["No locked pages found.", "Locked by"],
                      indonesian=["Tidak ada halaman terkunci."])
    assert_indonesian(client, reverse("wagtailadmin_reports:workflow"),
                      english=["No pages/snippets have been submitted for moderation yet"],
                      indonesian=["Belum ada halaman/snippet yang diajukan untuk moderasi"])
    assert_indonesian(client, reverse("wagtailadmin_reports:aging_pages"),
                      english=["Last published by"],
                      indonesian=["Terakhir diterbitkan oleh"])
