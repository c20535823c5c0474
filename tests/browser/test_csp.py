"""The Content-Security-Policy breaks nothing in Chromium: the home page, /inovasi/, an
innovation page and the admin dashboard, page explorer, image library and users load
with no CSP violation in the console."""

import pytest

from home.seed import DEMO_PASSWORD
from tests.browser.pages import JudgingAdmin

pytestmark = pytest.mark.browser


def collect_violations(page):
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: violations.append(str(error)))
    return violations


def test_public_pages_load_without_csp_violations(page, live_site):
    violations = collect_violations(page)
    for path in ("/", "/inovasi/", "/en/", "/kompetisi/2025/top-99/"):
        response = page.goto(live_site + path, wait_until="networkidle")
        assert (path, response.status) == (path, 200)
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    first = page.locator("a[href^='/inovasi/']").nth(1).get_attribute("href")
    page.goto(live_site + first, wait_until="networkidle")

    assert violations == []


def test_admin_dashboard_and_judging_load_without_csp_violations(page, live_site):
    violations = collect_violations(page)
    JudgingAdmin(page, live_site).log_in("admin", DEMO_PASSWORD)
    for path in ("/admin/", "/admin/pages/", "/admin/images/", "/admin/users/"):
        response = page.goto(live_site + path, wait_until="networkidle")
        assert (path, response.status) == (path, 200)

    assert violations == []
