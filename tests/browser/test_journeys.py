"""Journeys through what exists today: the public pages, languages and the admin sign-in.

Later journeys (operator proposal, judge scoring, leaderboard) join this directory as
their features land.
"""

import re

import pytest
from playwright.sync_api import expect

from home.models import NewsPage
from home.seed import DEMO_PASSWORD
from tests.browser.checks import broken_images
from tests.browser.pages import PublicSite, SignInPage, WagtailAdmin

pytestmark = pytest.mark.browser


def test_visitor_reads_about_in_indonesian_then_english_then_the_news(
    page, live_site, screenshot
):
    site = PublicSite(page, live_site).open("/")
    expect(site.heading).to_have_text("Inovasi pelayanan publik yang nyata manfaatnya")
    assert broken_images(page) == []
    screenshot(page, "home")

    site.follow_menu("Tentang")
    assert site.path() == "/tentang/"
    expect(site.heading).to_have_text("Tentang Portal")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    screenshot(page, "tentang")

    site.switch_language("English")
    assert site.path() == "/en/tentang/"
    expect(site.heading).to_have_text("About the portal")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(site.main).to_contain_text("Service units write proposals")
    screenshot(page, "about-en")

    site.follow_menu("News")
    assert site.path() == "/en/berita/"
    expect(site.heading).to_have_text("News")
    # The home seed's news and the competition news of judging.seed.publication.
    news = NewsPage.objects.live().filter(locale__language_code="en")
    expect(site.news_cards()).to_have_count(news.count())
    assert broken_images(page) == []
    screenshot(page, "news-en")

    site.news_cards().filter(
        has=page.locator("a[href$='/berita/bimbingan-teknis-penulisan-proposal/']")
    ).first.get_by_role("link").first.click()
    expect(site.heading).to_have_text("Technical guidance on writing proposals")
    assert site.path() == "/en/berita/bimbingan-teknis-penulisan-proposal/"
    screenshot(page, "news-item-en")


def test_visitor_on_a_phone_uses_the_menu(page, live_site, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    site = PublicSite(page, live_site).open("/")
    expect(site.nav).to_be_hidden()  # folded away behind "Menu" on a phone

    site.open_menu()
    screenshot(page, "menu-open")
    site.nav.get_by_role("link", name="Berita").click()

    assert site.path() == "/berita/"
    expect(site.heading).to_have_text("Berita")


def test_staff_sees_the_wagtail_admin_in_indonesian(page, live_site, screenshot):
    admin = WagtailAdmin(page, live_site)
    page.goto(live_site + "/admin/login/")
    expect(page.locator("a.reset-password")).to_have_text("Lupa kata sandi?")
    expect(page.locator("label[for=id_password]")).to_contain_text("Kata sandi")
    expect(page.locator("main h1")).to_have_text("Masuk ke Portal Inovasi Pelayanan Publik")
    expect(page.locator("img[data-portal-logo]")).to_be_visible()
    screenshot(page, "login")

    admin.log_in("admin", DEMO_PASSWORD)

    assert admin.page.url == live_site + "/admin/"
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page).to_have_title(re.compile(r"^Dasbor"))
    sidebar = page.get_by_role("navigation", name=re.compile("Menu utama|Main menu"))
    expect(sidebar.get_by_text("Halaman", exact=True)).to_be_visible()
    expect(sidebar.get_by_text("Gambar", exact=True)).to_be_visible()
    screenshot(page)


def test_wrong_password_on_the_sign_in_page_says_so(page, live_site, screenshot):
    sign_in = SignInPage(page, live_site).open()
    expect(page.locator("main h1")).to_have_text("Masuk")

    sign_in.log_in("admin", "not-the-password")

    assert page.url == live_site + "/masuk/"
    expect(page.locator("main [role=alert]")).to_be_visible()
    screenshot(page)


def test_operator_signs_in_on_the_front_end_and_out_again(page, live_site, screenshot):
    sign_in = SignInPage(page, live_site).open()
    expect(page.locator("main a[data-link=password-reset]")).to_be_visible()
    expect(page.locator("main #account-help")).to_be_visible()

    sign_in.log_in("operator1", DEMO_PASSWORD)
    # Lands in the workspace, and the menu leads back to it.
    assert page.url == live_site + "/ruang-kerja/"
    site = PublicSite(page, live_site)
    site.open_menu()
    expect(site.nav.locator("a[data-nav=work-place]")).to_have_attribute("href", "/ruang-kerja/")
    screenshot(page)
    site.nav.get_by_role("button", name="Keluar").click()

    site.open_menu()
    expect(site.nav.get_by_role("link", name="Masuk")).to_be_visible()


def test_healthz_reports_the_database_is_up(page, live_site):
    response = page.goto(live_site + "/healthz")

    assert response.status == 200
    assert response.json() == {"status": "ok", "database": "ok"}
