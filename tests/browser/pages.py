"""Page objects for the browser specs: what a visitor or staff member does, by name.

Specs say "open the menu, follow Tentang"; these helpers know the selectors, so a
template change is fixed in one place.
"""

import re

from playwright.sync_api import Page, expect


class PublicSite:
    """The public portal: header (menu, language switcher), main content, footer."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url.rstrip("/")

    def open(self, path="/"):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status == 200, (
            f"GET {path} answered {response.status if response else 'nothing'}"
        )
        return self

    @property
    def main(self):
        return self.page.locator("main#main")

    @property
    def heading(self):
        return self.main.locator("h1").first

    @property
    def nav(self):
        return self.page.locator(".site-nav nav")

    def open_menu(self):
        """On phones the menu is a disclosure; on desktops it is always shown."""
        summary = self.page.locator(".site-nav > summary")
        if summary.is_visible() and self.page.locator(".site-nav[open]").count() == 0:
            summary.click()
        expect(self.nav).to_be_visible()
        return self

    def follow_menu(self, title):
        self.open_menu()
        self.nav.get_by_role("link", name=title, exact=False).first.click()
        self.page.wait_for_load_state()
        return self

    def switch_language(self, name):
        """Follow the language switcher's link, e.g. "English" or "Bahasa Indonesia"."""
        switcher = self.page.get_by_role("navigation", name=re.compile("Language|Bahasa"))
        switcher.get_by_role("link", name=name).click()
        self.page.wait_for_load_state()
        return self

    def path(self):
        return self.page.url.removeprefix(self.base_url)

    def news_cards(self):
        """News cards: the home page's "latest news" block, or the news index's list."""
        if self.main.locator("#news-title").count():
            return self.main.locator("[aria-labelledby=news-title] .card-grid > li")
        return self.main.locator(".card-grid > li")


class WagtailAdmin:
    """The Wagtail administration at /admin/."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url.rstrip("/")

    def log_in(self, username, password):
        self.page.goto(self.base_url + "/admin/login/")
        self.page.locator("input[name=username]").fill(username)
        self.page.locator("input[name=password]").fill(password)
        self.page.locator("form button[type=submit]").click()
        self.page.wait_for_load_state()
        return self


class SignInPage:
    """The front-end sign-in page for unit operators and agency admins (/masuk/)."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url.rstrip("/")

    def open(self):
        self.page.goto(self.base_url + "/masuk/")
        return self

    def log_in(self, username, password):
        self.page.get_by_label(re.compile("Username|Nama pengguna")).fill(username)
        self.page.get_by_label(re.compile("Password|Kata sandi")).fill(password)
        self.page.locator("main form button[type=submit]").click()
        self.page.wait_for_load_state()
        return self
