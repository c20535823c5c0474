"""The Wagtail admin speaks Indonesian to Indonesian users (Wagtail's id_ID catalogue,
completed by portal/wagtail_i18n), carries the portal's name and logo on its sign-in page,
and speaks English to users who choose English."""

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from tests.factories import judge

pytestmark = pytest.mark.django_db


def test_admin_login_is_indonesian_and_branded(client, home_page):
    html = client.get("/admin/login/").content.decode()
    for indonesian in ("Lupa kata sandi?", "Ingat saya", "Kata sandi", "Masukkan kata sandi",
                       "Masuk ke Portal Inovasi Pelayanan Publik"):
        assert indonesian in html, indonesian
    for english in ("Forgotten password?", "Remember me", "Password<", "Masuk ke Wagtail",
                    "Sign in to Wagtail"):
        assert english not in html, english
    assert "<title>Masuk - Portal Inovasi Pelayanan Publik</title>" in html
    assert 'src="/static/img/logo.svg"' in html
    assert 'href="/masuk/"' in html  # units are sent to the portal's own sign-in


def test_admin_dashboard_for_a_judge_has_indonesian_chrome(client, home_page):
    client.force_login(judge("juri-bahasa"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    for indonesian in ("Cari di semua halaman…", "Panduan editor Wagtail",
                       "Buka/tutup bilah samping"):
        assert indonesian in html, indonesian
    for english in ("Search all pages", "editor guide", "Toggle sidebar"):
        assert english not in html, english


def test_admin_javascript_strings_are_indonesian(client, home_page):
    client.force_login(judge("juri-js"))
    js = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    assert '"Collapse all": "Tutup semua"' in js
    assert '"Expand all": "Buka semua"' in js


def test_a_user_who_chooses_english_gets_the_english_admin(client, home_page):
    user = judge("juri-english")
    UserProfile.get_for_user(user).__class__.objects.filter(user=user).update(
        preferred_language="en")
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Search all pages…" in html
    assert "Cari di semua halaman…" not in html
    js = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    assert "Tutup semua" not in js


def test_an_admin_search_without_results_says_so_in_indonesian(client, home_page):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("super-kosong", "k@x.org", "x"))
    html = client.get("/admin/snippets/judging/judgeprofile/",
                      {"q": "tidak-ada-juri-ini"}).content.decode()

    assert "Tidak ada profil juri yang cocok dengan pencarian Anda." in html
    assert "match your query" not in html


def test_an_admin_search_with_results_counts_them_in_indonesian(client, home_page):
    from django.contrib.auth import get_user_model

    from tests.factories import AgencyFactory

    AgencyFactory(name="Perumda Air Minum Tirta Uji")
    client.force_login(get_user_model().objects.create_superuser("super-cari", "c@x.org", "x"))
    html = client.get("/admin/snippets/innovations/agency/", {"q": "Tirta Uji"}).content.decode()

    assert "Ada 1 hasil yang cocok" in html
    assert "match" not in html


def test_the_page_search_speaks_indonesian_with_and_without_results(client, home_page):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("super-hal", "h@x.org", "x"))
    none = client.get("/admin/pages/search/", {"q": "tidak-ada-halaman-ini"}).content.decode()
    found = client.get("/admin/pages/search/", {"q": home_page.title}).content.decode()

    assert "Maaf, tidak ada halaman yang cocok dengan <em>tidak-ada-halaman-ini</em>" in none
    assert "halaman yang cocok" in found
    assert "matching page" not in found
    assert "Sorry" not in none
