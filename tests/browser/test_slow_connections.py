"""Slow connections: pages work without JavaScript; a listing stays under 300 KB."""

import pytest

from tests.browser.checks import transferred_bytes
from tests.browser.pages import InnovationListing, PublicSite

pytestmark = pytest.mark.browser

BUDGET = 300 * 1024
# Listing pages measured on a first visit (empty cache).
LISTINGS = ["/berita/", "/inovasi/"]


@pytest.fixture
def page_without_js(playwright_browser):
    context = playwright_browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    yield context.new_page()
    context.close()


def test_home_works_without_javascript(page_without_js, live_site, screenshot):
    site = PublicSite(page_without_js, live_site).open("/")

    assert site.heading.inner_text() == "Inovasi pelayanan publik yang nyata manfaatnya"
    assert site.news_cards().count() == 3
    site.open_menu()  # <details> opens without JavaScript
    assert site.nav.get_by_role("link", name="Berita").is_visible()
    screenshot(page_without_js)


def test_news_index_works_without_javascript(page_without_js, live_site):
    site = PublicSite(page_without_js, live_site).open("/berita/")

    assert site.heading.inner_text() == "Berita"
    assert site.news_cards().count() == 5
    assert site.main.locator(".card-grid img").count() == 5


@pytest.mark.parametrize("path", LISTINGS)
def test_listing_first_load_transfers_under_300_kb(playwright_browser, live_site, path):
    context = playwright_browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()

    total, per_request = transferred_bytes(page, live_site + path)
    context.close()

    print(f"\n{path}: {total / 1024:.1f} KB in {len(per_request)} requests")
    for size, url in per_request:
        print(f"  {size / 1024:7.1f} KB  {url.removeprefix(live_site)}")
    assert len(per_request) > 1  # the page and its stylesheet at least: the probe works
    assert total < BUDGET


def test_innovation_filters_work_without_javascript(page_without_js, live_site):
    listing = InnovationListing(page_without_js, live_site).open("/inovasi/")
    everything = listing.result_count()

    year, expected = listing.choose("tahun", index=1)
    listing.apply()  # a plain GET form: no script needed

    assert f"tahun={year}" in page_without_js.url
    assert listing.result_count() == expected < everything


def test_leaderboard_filters_work_without_javascript(page_without_js, live_site):
    site = PublicSite(page_without_js, live_site).open("/kompetisi/2025/top-99/")
    rows = site.main.locator("table.leaderboard tbody tr")
    everything = rows.count()

    chosen = page_without_js.locator("select[name=jenis] option").nth(1).get_attribute("value")
    page_without_js.select_option("select[name=jenis]", chosen)
    site.main.locator("form button[type=submit]").first.click()
    page_without_js.wait_for_load_state()

    # The server applied the filter and kept the choice in the form: no script involved.
    assert f"jenis={chosen}" in page_without_js.url
    assert page_without_js.locator("select[name=jenis]").input_value() == chosen
    assert everything > 0
    assert rows.count() <= everything
