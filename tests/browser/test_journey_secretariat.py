"""Journey c: the secretariat finalises a fully scored round in the admin, settles a
tie across the cut-off line with a panel decision, publishes, and the leaderboard
appears at its public URL.

The seed's current desk round (KIPP 2026) is only partly scored and the judge journey
scores in it, so this journey gets a small edition of its own, built through
judging.services like the seed: four entries, two judges each, every score
submitted, and the last two entries on exactly the same score across a cut-off of 3.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from home.seed import DEMO_PASSWORD
from innovations.models import InnovationPage
from judging import services
from judging.models import Competition, Entry, EntryStatus, Round, RoundKind
from judging.services.editions import default_index, ensure_edition_page
from tests.browser.pages import JudgingAdmin, PublicSite, switch_language_to
from tests.judging.helpers import score_everything

pytestmark = pytest.mark.browser

YEAR = 2024  # no seeded edition uses it
JUDGES = ("juri8", "juri9")  # no declared conflicts, no agency or province ties
# One value for every criterion, per entry: 9 and 8 advance, the two 6s tie for seat 3.
ENTRY_VALUES = (9, 8, 6, 6)
ADVANCE = 3
COMMENT = "Bukti capaian lengkap dan dapat diverifikasi."


@pytest.fixture
def scored_round(live_site):
    User = get_user_model()
    staff = User.objects.get(username="sekretariat")
    judges = [User.objects.get(username=name) for name in JUDGES]
    tz = timezone.get_current_timezone()
    competition = Competition.objects.create(
        name=f"KIPP {YEAR} (uji peramban)", year=YEAR, slug=f"kipp-{YEAR}-uji-peramban",
        default_passing_grade=None,  # the journey's scores are below 85: rank only
        registration_opens_at=datetime.datetime(YEAR, 2, 1, tzinfo=tz),
        submission_deadline=datetime.datetime(YEAR, 5, 31, tzinfo=tz))
    desk_rubric, _interview = services.create_default_rubrics(competition=competition,
                                                               user=staff)
    innovations = list(InnovationPage.objects.live().filter(latest_revision__isnull=False)
                       .order_by("pk")[:len(ENTRY_VALUES)])
    assert len(innovations) == len(ENTRY_VALUES)
    forwarded = datetime.datetime(YEAR, 5, 20, tzinfo=tz)
    entries = [Entry.objects.create(
        competition=competition, innovation=page, group=page.group,
        category_id=page.category_id, revision_id=page.latest_revision_id,
        status=EntryStatus.FORWARDED, submitted_at=forwarded, forwarded_at=forwarded)
        for page in innovations]
    desk = Round.objects.create(
        competition=competition, order=1, kind=RoundKind.DESK, name="Evaluasi Proposal",
        rubric=desk_rubric, tier="top99", advance_count=ADVANCE, judges_per_entry=2,
        normalise=False, blind=False,
        requires_objection_period=False)  # the journey skips the masa sanggah
    score_everything(round=desk, entries=entries, values=ENTRY_VALUES, judges=judges,
                     staff=staff, comment=COMMENT)
    ensure_edition_page(index=default_index(), competition=competition,
                        intro=f"Edisi uji {YEAR}.", intro_en=f"Test edition {YEAR}.")
    return {"round": desk, "titles": [page.title for page in innovations],
            "entries": entries}


def test_secretariat_finalises_settles_the_tie_and_publishes(
    page, live_site, screenshot, scored_round
):
    leaderboard_path = f"/kompetisi/{YEAR}/top-99/"
    assert page.goto(live_site + leaderboard_path).status == 404  # nothing published yet
    round_pk = scored_round["round"].pk
    titles = scored_round["titles"]
    tied = [entry.pk for entry in scored_round["entries"][2:]]

    admin = JudgingAdmin(page, live_site).log_in("sekretariat", DEMO_PASSWORD)
    admin.follow_menu("/admin/penjurian/babak/")
    page.locator(f"main a[href='/admin/penjurian/babak/{round_pk}/']").click()
    page.wait_for_load_state()
    assert page.url == f"{live_site}/admin/penjurian/babak/{round_pk}/"
    progress = page.locator("main .jd-card progress")
    expect(progress).to_have_attribute("value", str(2 * len(ENTRY_VALUES)))
    expect(progress).to_have_attribute("max", str(2 * len(ENTRY_VALUES)))
    screenshot(page, "dashboard-complete")

    page.locator(f"main a[href='/admin/penjurian/babak/{round_pk}/tutup/']").click()
    page.wait_for_load_state()
    # Closing is its own step: the confirmation page lists what is incomplete (nothing).
    expect(page.locator("main table.jd-table")).to_have_count(0)
    admin.round_action("status")
    admin.round_action("finalisasi")

    tie = page.locator("main .jd-tie")
    expect(tie).to_be_visible()
    for entry_id in tied:
        expect(tie.locator(f"input[type=radio][name=panel-{entry_id}]")).to_have_count(2)
    screenshot(page, "panel-decision")
    tie.locator(f"input[name=panel-{tied[0]}][value='1']").check()
    tie.locator(f"input[name=panel-{tied[1]}][value='0']").check()
    tie.locator("textarea[name=panel_note]").fill("Tim panel memilih berdasarkan verifikasi.")
    tie.locator("button[type=submit]").click()
    page.wait_for_load_state()

    expect(page.locator("main .jd-tie")).to_have_count(0)
    publish = page.locator("main form[action$='/terbitkan/']")
    expect(publish).to_be_visible()
    admin.round_action("terbitkan")
    expect(page.locator("main form[action$='/terbitkan/']")).to_have_count(0)
    screenshot(page, "published")

    board = PublicSite(page, live_site).open(leaderboard_path)
    rows = board.main.locator("table.leaderboard tbody tr")
    expect(rows).to_have_count(ADVANCE)
    shown = [rows.nth(i).locator("th[scope=row] [lang=id]").inner_text()
             for i in range(ADVANCE)]
    assert shown == titles[:ADVANCE]  # ranked 1, 2, then the panel's pick of the tie
    screenshot(page, "public-leaderboard")


NEW_YEAR = 2032  # no seeded edition and no other journey uses it (the objections journey has 2031)


def test_secretariat_creates_an_edition_and_its_public_page_appears_in_both_languages(
    page, live_site, screenshot
):
    assert page.goto(f"{live_site}/kompetisi/{NEW_YEAR}/").status == 404
    admin = JudgingAdmin(page, live_site).log_in("sekretariat", DEMO_PASSWORD)
    page.goto(f"{live_site}/admin/snippets/judging/competition/")
    page.locator("a[href$='/admin/snippets/judging/competition/add/']").first.click()
    page.wait_for_load_state()
    assert page.url == f"{live_site}/admin/snippets/judging/competition/add/"
    expect(page.locator("html")).to_have_attribute("lang", "id")
    form = page.locator("main form[method=post]")
    form.locator("input[name=name]").fill(f"KIPP {NEW_YEAR}")
    form.locator("input[name=year]").fill(str(NEW_YEAR))
    form.locator("input[name=slug]").fill(f"kipp-{NEW_YEAR}")
    form.locator("input[name=registration_opens_at]").fill(f"{NEW_YEAR}-02-03 08:00")
    form.locator("input[name=submission_deadline]").fill(f"{NEW_YEAR}-05-30 23:59")
    page.keyboard.press("Escape")  # close the date picker
    # The proposal sections come pre-filled from the reference (group, section, limit).
    expect(form.locator("input[name$='-max_words']").first).to_have_value("200")
    for name, values in {"groups": ("umum", "replikasi"),
                         "stages": ("screening", "desk", "interview", "field_verification",
                                    "award")}.items():
        for value in values:
            form.locator(f"input[name={name}][value={value}]").check()
    screenshot(page, "edition-form")
    form.locator("button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/add/" not in page.url, page.locator("main .error-message, main .help-critical"
                                                 ).all_inner_texts()
    admin.page.goto(f"{live_site}/admin/snippets/judging/competition/")
    expect(page.locator("main", has_text=f"KIPP {NEW_YEAR}")).to_have_count(1)

    site = PublicSite(page, live_site).open(f"/kompetisi/{NEW_YEAR}/")
    expect(site.heading).to_have_text(f"KIPP {NEW_YEAR}")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(site.main).to_contain_text(f"3 Feb {NEW_YEAR} – 30 Mei {NEW_YEAR}")
    screenshot(page, "edition-id")
    switch_language_to(page, "en")
    assert site.path() == f"/en/kompetisi/{NEW_YEAR}/"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(site.heading).to_have_text(f"KIPP {NEW_YEAR}")
    expect(site.main).to_contain_text(f"3 Feb {NEW_YEAR} – 30 May {NEW_YEAR}")
    screenshot(page, "edition-en")
