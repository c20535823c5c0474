"""Journey: the secretariat, in the admin only, takes a Top 99 round with a quota
minimum nobody can meet through the objection period.

Finalising asks for the panel's note on the unmet minimum, which the dashboard then
shows; publishing while the objection period is open is refused with a message; an
objection (filed by the public, here through the service) is upheld and the entry
removed on the decision screen; once the period is over the final list is published
without the entry, and the next round no longer has it.

An edition of its own (built through judging.services like the seed): four entries,
two judges each, every score submitted, a Top 3.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from home.seed import DEMO_PASSWORD
from innovations.models import InnovationPage, Province
from judging import services
from judging.models import (
    Competition,
    Entry,
    EntryStatus,
    ObjectionWindow,
    QuotaDimension,
    Round,
    RoundKind,
    RoundQuota,
    RoundStatus,
)
from judging.services.editions import default_index, ensure_edition_page
from judging.services.objections import file_objection
from tests.browser.conftest import ARTIFACTS
from tests.browser.pages import JudgingAdmin, PublicSite
from tests.judging.helpers import score_everything

pytestmark = pytest.mark.browser

YEAR = 2031  # no seeded edition uses it
JUDGES = ("juri8", "juri9")  # no declared conflicts, no agency or province ties
ENTRY_VALUES = (9, 8, 7, 5)
ADVANCE = 3
COMMENT = "Bukti capaian lengkap dan dapat diverifikasi."
DESKTOP, PHONE = {"width": 1366, "height": 800}, {"width": 390, "height": 844}


@pytest.fixture
def closed_round(live_site):
    User = get_user_model()
    staff = User.objects.get(username="sekretariat")
    judges = [User.objects.get(username=name) for name in JUDGES]
    tz = timezone.get_current_timezone()
    competition = Competition.objects.create(
        name=f"KIPP {YEAR} (uji sanggahan)", year=YEAR, slug=f"kipp-{YEAR}-uji-sanggahan",
        default_passing_grade=None,
        registration_opens_at=datetime.datetime(2025, 2, 1, tzinfo=tz),
        submission_deadline=datetime.datetime(2025, 5, 31, tzinfo=tz))
    desk_rubric, interview_rubric = services.create_default_rubrics(competition=competition,
                                                                    user=staff)
    innovations = list(InnovationPage.objects.live().filter(latest_revision__isnull=False)
                       .select_related("agency").order_by("-pk")[:len(ENTRY_VALUES)])
    assert len(innovations) == len(ENTRY_VALUES)
    forwarded = datetime.datetime(2025, 5, 20, tzinfo=tz)
    entries = [Entry.objects.create(
        competition=competition, innovation=page, group=page.group,
        category_id=page.category_id, revision_id=page.latest_revision_id,
        status=EntryStatus.FORWARDED, submitted_at=forwarded, forwarded_at=forwarded)
        for page in innovations]
    desk = Round.objects.create(
        competition=competition, order=1, kind=RoundKind.DESK, name="Evaluasi Proposal",
        rubric=desk_rubric, tier="top99", advance_count=ADVANCE, judges_per_entry=2,
        normalise=False, blind=False)  # a Top 99: the objection period is required
    interview = Round.objects.create(
        competition=competition, order=2, kind=RoundKind.INTERVIEW, name="Wawancara",
        rubric=interview_rubric, judges_per_entry=2, blind=False)
    # A minimum no entry can meet: a province none of the four agencies is in.
    taken = {page.agency.province_id for page in innovations}
    empty = Province.objects.exclude(pk__in=taken).order_by("code").first()
    RoundQuota.objects.create(round=desk, dimension=QuotaDimension.PROVINCE,
                              cluster=empty.code, min_seats=1)
    score_everything(round=desk, entries=entries, values=ENTRY_VALUES, judges=judges,
                     staff=staff, comment=COMMENT)
    services.set_round_status(round=desk, user=staff, status=RoundStatus.CLOSED)
    ensure_edition_page(index=default_index(), competition=competition,
                        intro=f"Edisi uji {YEAR}.", intro_en=f"Test edition {YEAR}.")
    return {"round": desk, "interview": interview, "entries": entries,
            "titles": [page.title for page in innovations]}


def shoot(page, name, focus):
    """Desktop (1366) of the page as it is, and phone (390) of the same address opened
    in a phone-sized tab of the same session (the admin lays its menu out on load),
    scrolled to ``focus``."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator(focus).scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"{name}-{DESKTOP['width']}.png"))
    phone = page.context.new_page()
    phone.set_viewport_size(PHONE)
    phone.goto(page.url)
    phone.locator(focus).scroll_into_view_if_needed()
    phone.screenshot(path=str(ARTIFACTS / f"{name}-{PHONE['width']}.png"))
    phone.close()


def test_secretariat_takes_a_top_99_through_the_objection_period(page, live_site,
                                                                 closed_round):
    desk, interview = closed_round["round"], closed_round["interview"]
    entries, titles = closed_round["entries"], closed_round["titles"]
    removed = entries[1]
    dashboard = f"{live_site}/admin/penjurian/babak/{desk.pk}/"
    page.set_viewport_size(DESKTOP)
    admin = JudgingAdmin(page, live_site).log_in("sekretariat", DEMO_PASSWORD)

    # Finalising with a minimum nobody can meet asks for the panel's decision and note.
    page.goto(dashboard)
    admin.round_action("finalisasi")
    unmet = page.locator("main section[aria-labelledby=unmet-title]")
    expect(unmet).to_be_visible()
    expect(unmet.locator("li")).to_have_count(1)
    unmet.locator("input[name=accept_unmet]").check()
    unmet.locator("textarea[name=panel_note]").fill(
        "Tidak ada inovasi dari provinsi ini yang mendaftar; panel menerima.")
    unmet.locator("button[type=submit]").click()
    page.wait_for_load_state()
    quotas = page.locator("main section[aria-labelledby=quotas-title]")
    expect(quotas.locator(".jd-flag")).to_have_count(1)  # "Unmet minimums", with the note
    expect(quotas).to_contain_text("panel menerima")

    # The provisional list is announced with the default five-day period.
    page.goto(f"{live_site}/admin/masa-sanggah/")
    page.locator("main a[href$='/umumkan/']").first.click()
    page.wait_for_load_state()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == f"{live_site}/admin/masa-sanggah/"

    # Publishing during the objection period is refused, with the reason.
    page.goto(dashboard)
    admin.round_action("terbitkan")
    error = page.locator(".messages .error")
    expect(error.first).to_be_visible()
    assert page.goto(f"{live_site}/kompetisi/{YEAR}/top-99/").url.endswith("/sementara/")

    # Someone objects to the second entry while the period is open.
    result = desk.results.get()
    objection = file_objection(result=result, entry=removed, name="Budi Santoso",
                               email="budi@example.org", ip="203.0.113.9",
                               reason="Layanan inovasi ini sudah berhenti sejak awal tahun "
                                      "dan tidak dapat diakses oleh warga.")

    # The secretariat upholds it and removes the entry on the decision screen.
    page.goto(f"{live_site}/admin/masa-sanggah/sanggahan/")
    page.locator(f"main a[href='/admin/masa-sanggah/sanggahan/{objection.pk}/']").click()
    page.wait_for_load_state()
    page.locator("main input[name=status][value=upheld]").check()
    page.locator("main textarea[name=note]").fill("Terbukti: layanan sudah berhenti.")
    page.locator("main form:not([action]) button[type=submit]").click()
    page.wait_for_load_state()
    decision = page.locator("main form[action$='/keputusan-entri/']")
    expect(decision.locator("input[name=action]")).to_have_count(4)
    decision.locator("input[name=action][value=remove]").check()
    decision.locator("textarea[name=note]").fill(
        "Dikeluarkan dari Top 99: layanan tidak berjalan.")
    shoot(page, "objection-decision", "main form[action$='/keputusan-entri/']")
    decision.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("main form[action$='/keputusan-entri/']")).to_have_count(0)
    shoot(page, "objection-decided", "main h2.jd-h2 >> nth=-1")

    # Five days later (the window is moved into the past) the final list goes out.
    now = timezone.now()
    ObjectionWindow.objects.filter(result=result).update(
        opens_at=now - datetime.timedelta(days=6), closes_at=now - datetime.timedelta(hours=1))
    page.goto(dashboard)
    admin.round_action("terbitkan")
    expect(page.locator(".messages .error")).to_have_count(0)
    expect(page.locator("main form[action$='/terbitkan/']")).to_have_count(0)

    board = PublicSite(page, live_site).open(f"/kompetisi/{YEAR}/top-99/")
    rows = board.main.locator("table.leaderboard tbody tr")
    expect(rows).to_have_count(ADVANCE - 1)
    shown = [rows.nth(i).locator("th[scope=row] [lang=id]").inner_text()
             for i in range(ADVANCE - 1)]
    assert shown == [titles[0], titles[2]]

    # The next round takes the remaining two only.
    page.goto(f"{live_site}/admin/penjurian/babak/{interview.pk}/")
    entry_links = page.locator(f"main a[href^='/admin/penjurian/babak/{interview.pk}/entri/']")
    expect(entry_links).to_have_count(ADVANCE - 1)
    expect(page.locator(
        f"main a[href='/admin/penjurian/babak/{interview.pk}/entri/{removed.pk}/']"
    )).to_have_count(0)
