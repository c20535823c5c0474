"""Tables and charts read on every width: no word broken mid-way, chart text whole and
at least 12 px, at a 1366 px desktop and a 390 px phone."""

import pytest

from tests.browser.checks import broken_words, chart_text_problems, horizontal_overflow
from tests.browser.pages import InnovationListing, PublicSite

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
PAGES_WITH_TABLES = [
    "/kompetisi/",
    "/kompetisi/2025/",
    "/kompetisi/2025/top-99/",
    "/kompetisi/2025/top-45/",
    "/kompetisi/klasemen/",
    "/en/kompetisi/klasemen/",
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES_WITH_TABLES)
def test_tables_and_charts_keep_words_whole(page, live_site, path, width):
    page.set_viewport_size(WIDTHS[width])
    site = PublicSite(page, live_site).open(path)
    assert site.main.locator("table").count() > 0, f"{path} has no table to check"

    assert broken_words(page) == [], f"{path} at {width}: words broken across lines"
    assert chart_text_problems(page) == [], f"{path} at {width}: chart text too small or cut"
    assert horizontal_overflow(page) == 0, f"{path} at {width} scrolls sideways"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_indicator_table_of_a_profile_keeps_words_whole(page, live_site, width):
    page.set_viewport_size(WIDTHS[width])
    path = InnovationListing(page, live_site).open("/inovasi/").first_profile_path()
    PublicSite(page, live_site).open(path)

    assert broken_words(page) == [], f"{path} at {width}: words broken across lines"


def test_the_checks_catch_a_word_broken_mid_way_and_tiny_chart_text(page, live_site):
    page.set_viewport_size(WIDTHS["phone"])
    PublicSite(page, live_site).open("/kompetisi/klasemen/")
    page.evaluate(
        """() => {
            const cell = document.querySelector('main tbody th');
            cell.textContent = 'Kabupatenkepulauanselayar';
            // The old rule: any word may break to fit a narrow column.
            Object.assign(cell.style, {overflowWrap: 'anywhere', maxWidth: '3em',
                                       display: 'block'});
            const label = document.querySelector('main .chart__label');
            label.style.fontSize = '7px';
        }"""
    )

    assert broken_words(page) == ["Kabupatenkepulauanselayar"]
    assert [problem["size"] for problem in chart_text_problems(page)] == [7]
