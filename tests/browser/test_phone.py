"""Phones 360 px wide: no sideways scrolling, tap targets at least 44 px tall."""

import pytest
from playwright.sync_api import expect

from home.seed import DEMO_PASSWORD
from tests.browser.checks import broken_words, cut_off, horizontal_overflow, small_tap_targets
from tests.browser.conftest import PHONE, workspace_paths
from tests.browser.pages import InnovationListing, PublicSite, WagtailAdmin

pytestmark = pytest.mark.browser

NARROW = {"width": 360, "height": 740}
PAGES = [
    "/",
    "/en/",
    "/tentang/",
    "/tanya-jawab/",
    "/berita/",
    "/berita/sosialisasi-kompetisi-2026/",
    "/masuk/",
    "/inovasi/",
    "/instansi/",
    "/instansi/kota-surabaya/",
    "/kompetisi/2025/",
    "/kompetisi/2025/top-99/",
    "/kompetisi/klasemen/",
]


@pytest.mark.parametrize("path", PAGES)
def test_fits_a_360px_phone_with_44px_tap_targets(page, live_site, path):
    page.set_viewport_size(NARROW)
    site = PublicSite(page, live_site).open(path)
    site.open_menu()  # the open menu is the widest and busiest the header gets

    overflow = horizontal_overflow(page)
    small = small_tap_targets(page, min_height=44)

    assert overflow == 0, f"{path} scrolls sideways by {overflow}px at 360px"
    assert small == [], f"{path} has tap targets under 44px: {small}"


def phone_problems(page, site, path):
    """(sideways overflow in px, tap targets under 44 px) of one page at 360 px."""
    site.open(path)
    site.open_menu()
    return horizontal_overflow(page), small_tap_targets(page, min_height=44)


def test_an_innovation_profile_fits_a_360px_phone(page, live_site):
    page.set_viewport_size(NARROW)
    path = InnovationListing(page, live_site).open("/inovasi/").first_profile_path()

    overflow, small = phone_problems(page, PublicSite(page, live_site), path)

    assert (overflow, small) == (0, []), f"{path} at 360px: {overflow}px sideways, {small}"


def test_the_workspace_fits_a_360px_phone(operator_page, live_site, operator_draft):
    operator_page.set_viewport_size(NARROW)
    site = PublicSite(operator_page, live_site)

    problems = {path: phone_problems(operator_page, site, path)
                for path in workspace_paths(operator_draft)}

    assert problems == {path: (0, []) for path in problems}


def test_listing_images_are_sized_for_a_phone(page, live_site):
    """Cards use responsive renditions: srcset and sizes, and the file the browser picks
    at 390 px is at most twice as wide as the image is drawn."""
    page.set_viewport_size({"width": 390, "height": 844})
    PublicSite(page, live_site).open("/inovasi/")
    images = page.locator("main .card-grid img")
    assert images.count() > 0
    for index in range(min(images.count(), 3)):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        facts = image.evaluate("""img => ({
            sizes: img.sizes,
            srcset: [...img.closest('picture').querySelectorAll('source')]
                .every(s => s.srcset && s.sizes),
            natural: img.naturalWidth,
            drawn: img.getBoundingClientRect().width,
        })""")
        assert facts["sizes"] and facts["srcset"], facts
        assert 0 < facts["drawn"] <= 390
        assert facts["natural"] <= 2 * facts["drawn"], facts


def test_the_phone_checks_catch_planted_problems(page, live_site):
    page.set_viewport_size(NARROW)
    PublicSite(page, live_site).open("/tentang/")
    page.evaluate(
        """() => {
            const main = document.querySelector('main');
            // Styles set through the CSSOM: the CSP refuses inline style attributes.
            main.insertAdjacentHTML('beforeend',
                '<div class="planted-wide"></div>'
                + '<p><button class="planted-small">Kecil</button></p>'
                + '<p>Kalimat dengan <a href="/aturan/">tautan</a> di tengahnya.</p>');
            Object.assign(main.querySelector('.planted-wide').style,
                          {width: '500px', height: '10px'});
            Object.assign(main.querySelector('.planted-small').style,
                          {height: '30px', padding: '0'});
        }"""
    )

    overflow = horizontal_overflow(page)
    small = small_tap_targets(page, min_height=44)

    assert overflow > 0
    assert small == [{"element": "button.planted-small", "text": "Kecil", "height": 30}]


# Secretariat screens with a wide form or a table of actions (a select as wide as its
# longest agency name; dates, badges and two buttons in one cell).
SECRETARIAT_SCREENS = ["/admin/masa-sanggah/", "/admin/instansi/gabung/"]


def test_the_secretariats_screens_show_everything_on_a_phone(page, live_site):
    page.set_viewport_size(PHONE)
    WagtailAdmin(page, live_site).log_in("sekretariat", DEMO_PASSWORD)
    problems = {}
    for path in SECRETARIAT_SCREENS:
        page.goto(live_site + path)
        problems[path] = (cut_off(page), broken_words(page))

    assert problems == {path: ([], []) for path in SECRETARIAT_SCREENS}
