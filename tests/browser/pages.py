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
        # Field names, not labels: the labels change with the language catalogues.
        self.page.locator("main input[name=username]").fill(username)
        self.page.locator("main input[name=password]").fill(password)
        self.page.locator("main form button[type=submit]").click()
        self.page.wait_for_load_state()
        return self


def first_number(text):
    """The first whole number in a text ("12 of 200 words" -> 12), whatever the language."""
    match = re.search(r"\d+", text or "")
    assert match, f"no number in {text!r}"
    return int(match.group())


def switch_language_to(page, code):
    """Follow the language switcher's link for a language code ("en", "id")."""
    page.locator(f".lang-switch a[hreflang={code}]").click()
    page.wait_for_load_state()


class InnovationListing(PublicSite):
    """The public database /inovasi/: search box, facet selects, result cards."""

    def search(self, query):
        self.page.locator("form[role=search] input[name=q]").fill(query)
        return self

    def choose(self, facet, index=1):
        """Pick the index-th option of a facet select; returns (value, count shown)."""
        more = self.page.locator(".listing__more")
        if more.locator("> summary").is_visible() and more.get_attribute("open") is None:
            more.locator("> summary").click()
        select = self.page.locator(f"form[role=search] select[name={facet}]")
        option = select.locator("option").nth(index)
        value, label = option.get_attribute("value"), option.inner_text()
        select.select_option(value)
        return value, int(re.findall(r"\((\d+)\)", label)[-1])

    def apply(self):
        self.page.locator("form[role=search] button[type=submit]").click()
        self.page.wait_for_load_state()
        return self

    def result_count(self):
        return first_number(self.page.locator("#results-title").inner_text())

    def cards(self):
        return self.main.locator(".card-grid > li")

    def first_profile_path(self):
        href = self.cards().first.locator(".card__title a").get_attribute("href")
        return href.removeprefix(self.base_url)


class Workspace:
    """The unit workspace (/ruang-kerja/) of operators and agency admins."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url.rstrip("/")

    def open(self):
        response = self.page.goto(self.base_url + "/ruang-kerja/")
        assert response.status == 200, f"workspace answered {response.status}"
        return self

    def start_proposal(self, title):
        self.page.locator("main a[href$='/ruang-kerja/inovasi/baru/']").first.click()
        self.page.locator("main input[name=title]").fill(title)
        self.page.locator("main form button[type=submit]").click()
        self.page.wait_for_load_state()
        return self

    def fill(self, **values):
        """Fill fields of the current step by name: text, textarea, date or select."""
        for name, value in values.items():
            field = self.page.locator(f"main form [name={name}]")
            if field.evaluate("el => el.tagName") == "SELECT":
                field.select_option(value)
            else:
                field.fill(value)
        return self

    def word_counter(self, name):
        """The live counter word-count.js puts after a section's textarea."""
        return self.page.locator(f"#id_{name}-count")

    def save(self, and_continue=True):
        # A background save under way holds the form back until it is done
        # (autosave.js): wait for the navigation itself, not only the click.
        with self.page.expect_navigation():
            self.page.locator(
                f"main form button[name={'next' if and_continue else 'save'}]").click()
        self.page.wait_for_load_state()
        return self

    def autosave_status(self):
        """The line under the step's form where autosave.js says what it did."""
        return self.page.locator("main [data-autosave-status]")

    def open_step(self, slug):
        """Follow the step menu to another step (autosave.js saves first)."""
        self.page.locator(f"main nav.step-nav a[href$='/ubah/{slug}/']").click()
        self.page.wait_for_url(f"**/ubah/{slug}/")
        self.page.wait_for_load_state()
        return self

    def step_slug(self):
        return self.page.url.rstrip("/").rsplit("/", 1)[-1]

    def upload_image(self, path, caption):
        form = self.page.locator("main form:has(input[name=image])")
        form.locator("input[name=image]").set_input_files(str(path))
        form.locator("input[name=caption]").fill(caption)
        form.locator("button[name=upload_image]").click()
        self.page.wait_for_load_state()
        return self

    def open_proposal(self):
        self.page.locator("main .breadcrumb a[href*='/ruang-kerja/inovasi/']").click()
        self.page.wait_for_load_state()
        return self

    def submit_proposal(self):
        """From the proposal page: the submit page, then its confirmation button."""
        self.page.locator("main a[href$='/kirim/']").click()
        self.page.wait_for_load_state()
        expect(self.page.locator("#problems")).to_have_count(0)
        self.page.locator("main form[method=post] button[type=submit]").click()
        self.page.wait_for_load_state()
        return self

    def status(self):
        """The status code of the proposal on its page (draft, submitted, forwarded...)."""
        classes = self.page.locator("main .status").first.get_attribute("class")
        return re.search(r"status--(\w+)", classes).group(1)

    def forward(self, title):
        """Agency admin: open the entry awaiting review by its title and forward it."""
        self.page.locator("main a[href*='/ruang-kerja/tinjauan/']", has_text=title).click()
        self.page.wait_for_load_state()
        self.page.locator("main form[action$='/teruskan/'] input[name=confirm]").check()
        self.page.locator("main form[action$='/teruskan/'] button[type=submit]").click()
        self.page.wait_for_load_state()
        return self


class JudgingAdmin(WagtailAdmin):
    """The judging screens in the Wagtail admin (/admin/penjurian/)."""

    def follow_menu(self, href_suffix):
        """Open the sidebar submenu holding the link, then follow it."""
        sidebar = self.page.locator("#wagtail-sidebar")
        link = f"a[href$='{href_suffix}']"
        submenu = sidebar.locator("li.sidebar-sub-menu-item", has=self.page.locator(link))
        submenu.locator("> button[aria-haspopup]").click()
        sidebar.locator(link).click()
        self.page.wait_for_load_state()
        return self

    def progress(self):
        """(value, max) of the first round's progress bar on my assignments."""
        bar = self.page.locator("main progress").first
        return int(bar.get_attribute("value")), int(bar.get_attribute("max"))

    def open_first_not_started(self):
        row = self.page.locator("main tr:has(.jd-status--new)").first
        row.locator("a[href*='/admin/penjurian/penugasan/']").click()
        self.page.wait_for_load_state()
        return self

    def fill_score_sheet(self, comment):
        """Every scored criterion at its highest allowed value; comments where required
        (0 % criteria ask no score, at most a comment)."""
        sheet = self.page.locator("form[data-score-sheet]")
        criteria = sheet.locator("fieldset.jd-criterion[data-weight]")
        comment_only = sheet.locator("fieldset[data-comment-only]")
        for index in range(comment_only.count()):
            comment_only.nth(index).locator("textarea").fill(comment)
        filled = []
        for index in range(criteria.count()):
            criterion = criteria.nth(index)
            value = f"{float(criterion.get_attribute('data-max')):g}"  # "10.00" -> "10"
            criterion.locator("input[name^='value-']").fill(value)
            if criterion.locator("label[for^='comment-'] .jd-required").count():
                criterion.locator("textarea[name^='comment-']").fill(comment)
            filled.append(float(value))
        return filled

    def submit_score(self):
        self.page.locator("form[data-score-sheet] button[name=submit]").click()
        self.page.wait_for_load_state()
        return self

    def round_action(self, action, button="button[type=submit]"):
        """Post one of the round dashboard's forms (its action URL ends with `action`)."""
        selector = f"form[action$='/{action}/']"
        form = self.page.locator(f"main {selector}").first
        form.locator(button).click()
        self.page.wait_for_load_state()
        return self
