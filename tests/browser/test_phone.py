"""Phones 360 px wide: no sideways scrolling, tap targets at least 44 px tall."""

import pytest

from tests.browser.checks import horizontal_overflow, small_tap_targets
from tests.browser.pages import PublicSite

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


def test_the_phone_checks_catch_planted_problems(page, live_site):
    page.set_viewport_size(NARROW)
    PublicSite(page, live_site).open("/tentang/")
    page.evaluate(
        """() => {
            const main = document.querySelector('main');
            main.insertAdjacentHTML('beforeend',
                '<div style="width: 500px; height: 10px"></div>'
                + '<p><button style="height: 30px; padding: 0">Kecil</button></p>'
                + '<p>Kalimat dengan <a href="/aturan/">tautan</a> di tengahnya.</p>');
        }"""
    )

    overflow = horizontal_overflow(page)
    small = small_tap_targets(page, min_height=44)

    assert overflow > 0
    assert small == [{"element": "button", "text": "Kecil", "height": 30}]
