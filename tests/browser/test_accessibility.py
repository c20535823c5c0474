"""axe-core (vendored, see vendor/README.md) finds no serious or critical problems."""

import pytest

from tests.browser.checks import axe_violations, format_violations
from tests.browser.conftest import workspace_paths
from tests.browser.pages import InnovationListing, PublicSite

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/en/",
    "/tentang/",
    "/en/tentang/",
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
def test_no_serious_or_critical_axe_violations(page, live_site, path):
    PublicSite(page, live_site).open(path)

    violations = axe_violations(page)

    assert violations == [], f"axe on {path}:\n{format_violations(violations)}"


def test_no_serious_or_critical_axe_violations_on_an_innovation_profile(page, live_site):
    path = InnovationListing(page, live_site).open("/inovasi/").first_profile_path()
    PublicSite(page, live_site).open(path)

    violations = axe_violations(page)

    assert violations == [], f"axe on {path}:\n{format_violations(violations)}"


def test_no_serious_or_critical_axe_violations_in_the_workspace(
    operator_page, live_site, operator_draft
):
    found = {}
    for path in workspace_paths(operator_draft):
        PublicSite(operator_page, live_site).open(path)
        violations = axe_violations(operator_page)
        if violations:
            found[path] = format_violations(violations)

    assert found == {}, "\n".join(f"axe on {path}:\n{text}" for path, text in found.items())


def test_no_serious_or_critical_axe_violations_with_the_phone_menu_open(page, live_site):
    page.set_viewport_size({"width": 390, "height": 844})
    site = PublicSite(page, live_site).open("/")
    site.open_menu()

    violations = axe_violations(page)

    assert violations == [], f"axe on / (phone, menu open):\n{format_violations(violations)}"


def test_axe_reports_a_planted_violation(page, live_site):
    """The harness can fail: an image without alt text is a critical violation."""
    PublicSite(page, live_site).open("/tentang/")
    page.evaluate(
        """() => document.querySelector('main').insertAdjacentHTML(
            'beforeend', '<img src="/static/img/logo.svg" width="20" height="20">')"""
    )

    violations = axe_violations(page)

    assert [(v["id"], v["impact"]) for v in violations] == [("image-alt", "critical")]
