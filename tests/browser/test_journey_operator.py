"""Journey a: a unit operator writes a proposal in the workspace and submits it; the
agency admin forwards it and its public profile goes live.

The journey writes its own new proposal (a title no seed data uses) into the shared
browser database; nothing else in the suite counts the innovations of operator1's unit.
"""

import datetime
import re

import pytest
from django.utils.text import slugify
from PIL import Image
from playwright.sync_api import expect

from home.seed import DEMO_PASSWORD
from tests.browser.conftest import DESKTOP
from tests.browser.pages import PublicSite, SignInPage, Workspace, first_number

pytestmark = pytest.mark.browser

TITLE = "Layanan Jemput Bola Akta Kelahiran di Kelurahan"
SUMMARY_WORDS = "Petugas kelurahan menjemput berkas akta kelahiran ke rumah warga"
SECTION_TEXT = (
    "Warga kelurahan di Surabaya dulu harus datang tiga kali ke kantor dinas untuk "
    "mengurus akta kelahiran. Kini petugas datang ke rumah, memindai berkas dan mengirim "
    "akta dalam tiga hari kerja."
)
# Sections the open competition (KIPP 2026) requires, by proposal step.
REQUIRED_STEPS = {
    "ringkasan": ("background",),
    "inovasi": ("novelty", "implementation"),
    "dampak": ("significance", "adaptability", "sdg_contribution"),
    "keberlanjutan": ("resources", "sustainability"),
}


@pytest.fixture
def photo(tmp_path):
    """A real, small PNG made with Pillow."""
    path = tmp_path / "jemput-bola.png"
    Image.new("RGB", (640, 360), (21, 101, 72)).save(path, format="PNG")
    return path


def test_operator_writes_and_submits_and_the_agency_admin_forwards(
    playwright_browser, page, live_site, screenshot, photo
):
    slug = slugify(TITLE)
    assert page.goto(f"{live_site}/inovasi/{slug}/").status == 404  # not public yet

    SignInPage(page, live_site).open().log_in("operator1", DEMO_PASSWORD)
    # The site menu leads a signed-in operator to the workspace.
    PublicSite(page, live_site).open_menu().nav.locator("a[href$='/ruang-kerja/']").click()
    page.wait_for_url(f"{live_site}/ruang-kerja/")
    workspace = Workspace(page, live_site)
    screenshot(page, "dashboard")
    workspace.start_proposal(TITLE)
    assert workspace.step_slug() == "profil"

    # KIPP 2026 requires two full years of running: the start date says so.
    started = datetime.date.today().replace(day=1) - datetime.timedelta(days=3 * 365)
    category = page.locator("main select[name=category] option").nth(1).get_attribute("value")
    workspace.fill(category=category, started_on=started.isoformat()).save()
    assert workspace.step_slug() == "ringkasan"

    counter = workspace.word_counter("summary")
    expect(counter).to_be_visible()
    assert first_number(counter.inner_text()) == 0
    assert "200" in counter.inner_text()  # the section's limit
    summary = page.locator("main textarea[name=summary]")
    summary.press_sequentially("Petugas kelurahan menjemput ")
    expect(counter).to_have_text(_starts_with(3))
    summary.press_sequentially(SUMMARY_WORDS.split(" ", 3)[3])
    expect(counter).to_have_text(_starts_with(len(SUMMARY_WORDS.split())))
    expect(counter).not_to_have_class(re.compile("word-count--over"))
    screenshot(page, "word-counter")

    # Leaving through the step menu saves first: no question, and back on the step
    # nothing typed is lost.
    dialogs = []

    def record(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", record)
    workspace.open_step("inovasi")
    workspace.open_step("ringkasan")
    page.remove_listener("dialog", record)
    expect(summary).to_have_value(SUMMARY_WORDS)
    assert dialogs == []
    # The menu counts all its items and ticks the step already done.
    expect(page.locator("main .edit-main .meta").first).to_have_text("Langkah 2 dari 8")
    expect(page.locator("main .step-nav__item--done a[href$='/ubah/profil/']")).to_be_visible()

    for step, sections in REQUIRED_STEPS.items():
        assert workspace.step_slug() == step
        workspace.fill(**dict.fromkeys(sections, SECTION_TEXT)).save()
    while workspace.step_slug() != "berkas":  # optional steps: collaboration, indicators
        workspace.save()

    workspace.upload_image(photo, caption="Petugas menjemput berkas di rumah warga")
    expect(page.locator("main .file-card img")).to_have_count(1)
    screenshot(page, "photo-uploaded")

    workspace.open_proposal()
    expect(page.locator("main progress").first).to_have_attribute("value", "9")
    assert workspace.status() == "draft"
    workspace.submit_proposal()
    assert workspace.status() == "submitted"
    screenshot(page, "submitted")

    admin_context = playwright_browser.new_context(viewport=DESKTOP, locale="id-ID")
    try:
        admin_page = admin_context.new_page()
        SignInPage(admin_page, live_site).open().log_in("adminlokal1", DEMO_PASSWORD)
        Workspace(admin_page, live_site).open().forward(TITLE)
        expect(admin_page.locator("main #proposal-text")).to_contain_text(SUMMARY_WORDS)
        expect(admin_page.locator("main .status").first).to_have_class(
            re.compile(r"\bstatus--forwarded\b"))
        screenshot(admin_page, "forwarded")
    finally:
        admin_context.close()

    site = PublicSite(page, live_site).open(f"/inovasi/{slug}/")
    expect(site.heading).to_have_text(TITLE)
    expect(site.main.locator("img").first).to_be_visible()
    assert site.main.locator("img").first.evaluate("img => img.naturalWidth") > 0
    screenshot(page, "public-profile")


def _starts_with(number):
    """The counter's text begins with this number ("9 dari 200 kata", "9 of 200 words")."""
    return re.compile(rf"^\s*{number}\D")


# --- nothing typed is lost (autosave.js) ------------------------------------------------

SAVED = re.compile(r"^Tersimpan otomatis pukul \d{1,2}\.\d{2}\.$")


def _step_url(live_site, draft, slug):
    return f"{live_site}/ruang-kerja/inovasi/{draft}/ubah/{slug}/"


def _record_dialogs(page):
    """Dialogs the page opens, dismissed (so a leave is cancelled); [(type, message)]."""
    seen = []

    def record(dialog):
        seen.append((dialog.type, dialog.message))
        dialog.dismiss()

    page.on("dialog", record)
    return seen


def test_typed_text_is_saved_in_the_background_and_survives_a_reload(
        operator_page, live_site, operator_draft, screenshot):
    page = operator_page
    workspace = Workspace(page, live_site)
    page.goto(_step_url(live_site, operator_draft, "ringkasan"))
    text = "Warga mengunggah berkas dari rumah; petugas memeriksa dalam satu hari kerja."
    background = page.locator("main textarea[name=background]")
    background.fill("")
    background.press_sequentially(text)

    expect(workspace.autosave_status()).to_have_text(SAVED, timeout=15_000)
    screenshot(page, "autosaved")
    dialogs = _record_dialogs(page)
    page.reload()

    expect(background).to_have_value(text)
    assert dialogs == []  # saved: leaving asks nothing


def test_leaving_with_unsaved_changes_asks_first_and_not_after_saving(
        operator_page, live_site, operator_draft, screenshot):
    page = operator_page
    workspace = Workspace(page, live_site)
    url = _step_url(live_site, operator_draft, "inovasi")
    page.goto(url)
    # The connection drops: background saves fail, the text stays unsaved.
    page.route(url, lambda route: route.abort() if route.request.method == "POST"
               else route.continue_())
    novelty = page.locator("main textarea[name=novelty]")
    novelty.press_sequentially("Petugas datang ke rumah warga.")
    expect(workspace.autosave_status()).to_have_text(
        re.compile(r"^Belum tersimpan: koneksi terputus\."), timeout=15_000)
    screenshot(page, "offline")
    dialogs = _record_dialogs(page)

    # The step menu cannot save first, so it asks; staying keeps the text.
    page.locator("main nav.step-nav a[href$='/ubah/dampak/']").click()
    expect(page.locator("main nav.step-nav a[href$='/ubah/dampak/']")).to_be_visible()
    page.wait_for_timeout(300)
    assert [kind for kind, _message in dialogs] == ["confirm"]
    assert "belum disimpan" in dialogs[0][1]
    assert workspace.step_slug() == "inovasi"
    # Closing the tab asks too (the browser's own beforeunload question).
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert [kind for kind, _message in dialogs] == ["confirm", "beforeunload"]
    assert not page.is_closed()
    expect(novelty).to_have_value(re.compile("Petugas datang ke rumah warga.$"))

    # Back online, Save: leaving asks nothing any more.
    page.unroute(url)
    workspace.save(and_continue=False)
    expect(novelty).to_have_value(re.compile("Petugas datang ke rumah warga.$"))
    with page.expect_event("close", timeout=5_000):
        page.close(run_before_unload=True)
    assert page.is_closed()
    assert len(dialogs) == 2


def test_a_tab_is_told_when_another_tab_saved_newer_text(
        operator_page, context, live_site, operator_draft, screenshot):
    first = operator_page
    second = context.new_page()
    url = _step_url(live_site, operator_draft, "keberlanjutan")
    first.goto(url)
    second.goto(url)

    first.locator("main textarea[name=resources]").fill("")
    first.locator("main textarea[name=resources]").press_sequentially("Dua petugas tab satu.")
    expect(Workspace(first, live_site).autosave_status()).to_have_text(SAVED, timeout=15_000)
    typed = second.locator("main textarea[name=resources]")
    typed.fill("")
    typed.press_sequentially("Tiga petugas tab dua.")

    status = Workspace(second, live_site).autosave_status()
    expect(status).to_have_text(re.compile(r"^Langkah ini sudah disimpan di tempat lain"),
                                timeout=15_000)
    expect(status).to_have_class(re.compile(r"autosave-status--error"))
    screenshot(second, "saved-elsewhere")
    expect(typed).to_have_value("Tiga petugas tab dua.")  # nothing typed is lost
    first.reload()
    expect(first.locator("main textarea[name=resources]")).to_have_value("Dua petugas tab satu.")

    # Save in the second tab replaces the other version knowingly.
    Workspace(second, live_site).save(and_continue=False)
    first.reload()
    expect(first.locator("main textarea[name=resources]")).to_have_value("Tiga petugas tab dua.")


def test_an_operator_on_a_phone_writes_leaves_the_step_and_comes_back_to_every_word(
        playwright_browser, live_site, operator_draft):
    """On a phone (390 px, touch): the menu leads to the workspace, the draft opens, text
    typed in a step survives leaving it through the step menu, nothing scrolls sideways."""
    from tests.browser.checks import horizontal_overflow
    from tests.browser.conftest import ARTIFACTS, PHONE

    context = playwright_browser.new_context(viewport=PHONE, locale="id-ID", is_mobile=True,
                                             has_touch=True)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        SignInPage(page, live_site).open().log_in("operator1", DEMO_PASSWORD)
        PublicSite(page, live_site).open_menu().nav.locator(
            "a[href$='/ruang-kerja/']").click()
        page.wait_for_url(f"{live_site}/ruang-kerja/")
        assert horizontal_overflow(page) == 0
        page.goto(_step_url(live_site, operator_draft, "inovasi"))
        workspace = Workspace(page, live_site)
        text = "Petugas membawa tablet ke rumah warga dan memindai berkas di tempat."
        novelty = page.locator("main textarea[name=novelty]")
        novelty.fill("")
        novelty.tap()
        novelty.press_sequentially(text)
        dialogs = _record_dialogs(page)

        workspace.open_step("dampak")
        assert horizontal_overflow(page) == 0
        workspace.open_step("inovasi")

        expect(novelty).to_have_value(text)
        assert dialogs == []
        assert horizontal_overflow(page) == 0
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "operator-phone-step-kept-390.png"),
                        full_page=True)
    finally:
        context.close()
