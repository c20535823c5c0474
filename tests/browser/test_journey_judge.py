"""Journey b: a judge signs in to the Wagtail admin late at night, opens the judging
menu, scores an entry not started yet and submits it.

The seed leaves juri1 half-way through the KIPP 2026 desk round (some submitted, one
draft, some not started). The journey submits one more score in that round; the
secretariat journey works on a round of its own, so the order of the two is free.
"""

import re

import pytest
from playwright.sync_api import expect

from home.seed import DEMO_PASSWORD
from tests.browser.checks import horizontal_overflow
from tests.browser.conftest import ARTIFACTS, PHONE
from tests.browser.pages import JudgingAdmin

pytestmark = pytest.mark.browser

COMMENT = "Data sebelum dan sesudah tersedia; dampak bagi warga terukur dengan jelas."


def test_judge_scores_an_entry_and_submits_it(page, live_site, screenshot):
    admin = JudgingAdmin(page, live_site).log_in("juri1", DEMO_PASSWORD)
    assert page.url == live_site + "/admin/"

    admin.follow_menu("/admin/penjurian/penugasan/")
    assert page.url == live_site + "/admin/penjurian/penugasan/"
    done_before, total = admin.progress()
    assert 0 < done_before < total  # the seed left juri1 half-way
    expect(page.locator("main .jd-percent").first).to_have_text(
        f"{round(100 * done_before / total)}%")
    screenshot(page, "my-assignments")

    admin.open_first_not_started()
    assert re.fullmatch(rf"{live_site}/admin/penjurian/penugasan/\d+/", page.url)
    sheet = page.locator("form[data-score-sheet]")
    expect(sheet).to_be_visible()
    criteria = admin.fill_score_sheet(comment=COMMENT)
    assert len(criteria) >= 5
    # score-sheet.js sums the weighted estimate as the judge types: all at maximum = 100.
    expect(sheet.locator("[data-total]")).to_have_text(re.compile(r"^100([.,]0+)?$"))
    screenshot(page, "score-sheet-filled")

    # One wrong value (11 on a 1-10 scale): "Simpan draf" keeps every other value.
    sheet_url = page.url
    inputs = sheet.locator("fieldset.jd-criterion[data-weight] input[name^='value-']")
    wrong_name = inputs.first.get_attribute("name")
    kept_name = inputs.nth(1).get_attribute("name")
    inputs.first.fill("11")
    page.locator("form[data-score-sheet] button[name=save]").click()
    page.wait_for_load_state()
    expect(page.locator(f"input[name='{wrong_name}']")).to_have_attribute("aria-invalid", "true")
    screenshot(page, "draft-with-one-wrong-value")
    page.goto(sheet_url)
    expect(page.locator(f"input[name='{kept_name}']")).to_have_value(f"{criteria[1]:g}")
    expect(page.locator(f"input[name='{wrong_name}']")).to_have_value("")
    expect(page.locator("#total-explained")).to_be_visible()
    page.locator(f"input[name='{wrong_name}']").fill(f"{criteria[0]:g}")

    admin.submit_score()

    expect(page.locator("form[data-score-sheet]")).to_have_count(0)
    expect(page.locator("main .jd-locked")).to_be_visible()
    values = page.locator("main .jd-values dd")
    expect(values).to_have_count(len(criteria))
    screenshot(page, "locked")
    # The locked sheet leads on to the next entry still to score.
    next_entry = page.locator("main a[data-next-entry]")
    expect(next_entry).to_be_visible()
    locked_url = page.url
    next_entry.click()
    page.wait_for_load_state()
    assert page.url != locked_url
    expect(page.locator("form[data-score-sheet]")).to_be_visible()

    admin.follow_menu("/admin/penjurian/penugasan/")
    assert admin.progress() == (done_before + 1, total)


def test_a_judge_on_a_phone_keeps_every_valid_score_of_a_draft(playwright_browser, live_site):
    """Late at night on a phone (390 px): the admin speaks Indonesian, one wrong value
    keeps the others, the sheet fits the screen."""
    context = playwright_browser.new_context(viewport=PHONE, locale="id-ID", is_mobile=True,
                                             has_touch=True)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        admin = JudgingAdmin(page, live_site).log_in("juri1", DEMO_PASSWORD)
        assert page.url == live_site + "/admin/"
        page.goto(live_site + "/admin/penjurian/penugasan/")
        admin.open_first_not_started()
        sheet = page.locator("form[data-score-sheet]")
        expect(sheet.locator("button[name=save]")).to_have_text("Simpan draf")
        criteria = admin.fill_score_sheet(comment=COMMENT)
        inputs = sheet.locator("fieldset.jd-criterion[data-weight] input[name^='value-']")
        wrong_name = inputs.nth(1).get_attribute("name")
        inputs.nth(1).fill("0")  # below the 1-10 scale
        sheet_url = page.url
        sheet.locator("button[name=save]").click()
        page.wait_for_load_state()

        wrong = page.locator(f"input[name='{wrong_name}']")
        expect(wrong).to_have_attribute("aria-invalid", "true")
        expect(wrong).to_have_value("0")  # what was typed stays for correcting
        assert horizontal_overflow(page) == 0
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "judge-phone-draft-message-390.png"))
        page.locator(f"fieldset:has(input[name='{wrong_name}'])").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "judge-phone-draft-wrong-value-390.png"))
        page.goto(sheet_url)
        first_name = inputs.first.get_attribute("name")
        expect(page.locator(f"input[name='{first_name}']")).to_have_value(f"{criteria[0]:g}")
        expect(page.locator(f"input[name='{wrong_name}']")).to_have_value("")
    finally:
        context.close()
