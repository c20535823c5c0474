"""The public database at desktop width (1366 px): the filter panel is visible without
opening anything, and the page numbers lead through the results. Reads only."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 900}


def test_filters_are_visible_on_a_desktop_and_pages_are_numbered(page, live_site, screenshot):
    page.set_viewport_size(WIDE)
    page.goto(live_site + "/inovasi/")

    panel = page.locator("form[role=search] .listing__more-body")
    expect(panel).to_be_visible()
    for facet in ("tahun", "kategori", "urutan"):
        expect(page.locator(f"form[role=search] select[name={facet}]")).to_be_visible()
    box = panel.bounding_box()
    assert box["height"] > 100
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "listing-filters-1366.png"), full_page=True)

    nav = page.locator("nav.pagination")
    expect(nav.locator("a[aria-current=page]")).to_have_text("Halaman 1")
    nav.locator("a[data-page='2']").click()
    page.wait_for_load_state()
    assert page.url.endswith("halaman=2")
    expect(page.locator("nav.pagination a[aria-current=page]")).to_have_text("Halaman 2")
    expect(page.locator("nav.pagination a[data-page=first]")).to_be_visible()
    page.set_viewport_size(WIDE)
    screenshot(page)
