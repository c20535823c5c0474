"""Journey: the secretariat brings a past edition's list into the portal as it was
published (issue 14): the admin's dry run reports the one bad row with its line and
reason and writes nothing; fixed in place, the list imports; the edition's public page
says how much of the official tier is known; two spellings of one government (a source
typo the normaliser cannot know) are merged in the admin and every innovation is kept.
"""

import re

import pytest
from playwright.sync_api import expect

from home.seed import DEMO_PASSWORD
from innovations.models import Agency, InnovationPage
from tests.browser.conftest import ARTIFACTS, PHONE
from tests.browser.pages import JudgingAdmin, PublicSite

pytestmark = pytest.mark.browser

YEAR = 2015  # Top 25; no seeded edition uses it
IMPORT_URL = "/admin/arsip-hasil/impor/"
SIAP = "SIAP (Sistem Informasi Antrean Puskesmas)"
AKTA = "Layanan Akta Lahir Keliling, Cepat dan Gratis"
NELAYAN = "Pos Pelayanan Terpadu Nelayan"
# As copied from a news article: no categories, a cluster label, sources, the same city
# once as "Pemkot Kendari" and once misspelt, and one tier mistyped (line 4).
MESSY = f"""tahun,peringkat,inovasi,instansi,provinsi,klaster,sumber
{YEAR},Top 25,"{SIAP}",Pemkot Kendari,,Klaster Pemerintah Kota,https://contoh.go.id/berita/top-25
{YEAR},TOP 25,"{AKTA}",Kota Kendary,Sulawesi Tenggara,,Berita Top 25 {YEAR}
{YEAR},Top 52,{NELAYAN},Kabupaten Siak,,,SK Menteri PANRB {YEAR}
"""
DESKTOP_1366 = {"width": 1366, "height": 800}


def shoot(page, name):
    """The page at 1366 and 390 px wide, whole: the admin scrolls inside its layout, not
    the document, so the viewport is made as tall as the content; back at 1366."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for size in (DESKTOP_1366, PHONE):
        page.set_viewport_size(size)
        height = page.evaluate("Math.max(...[...document.querySelectorAll('body, main, "
                               "main *')].map(e => e.scrollHeight))")
        page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
        page.screenshot(path=str(ARTIFACTS / f"journey-archive-{name}-{size['width']}.png"))
    page.set_viewport_size(DESKTOP_1366)


def test_secretariat_imports_a_messy_past_list_and_merges_two_spellings(
        page, live_site, tmp_path):
    assert not InnovationPage.objects.filter(title=SIAP).exists()
    csv_file = tmp_path / f"top-25-{YEAR}.csv"
    csv_file.write_text(MESSY, encoding="utf-8")
    page.set_viewport_size(DESKTOP_1366)

    admin = JudgingAdmin(page, live_site).log_in("sekretariat", DEMO_PASSWORD)
    admin.follow_menu(IMPORT_URL)
    assert page.url == live_site + IMPORT_URL
    page.locator("main input[name=file]").set_input_files(str(csv_file))
    page.locator("main button[name=action][value=check]").click()
    page.wait_for_load_state()

    # The dry run: exactly one bad row, its line and reason; nothing written.
    alert = page.locator("main .help-critical")
    expect(alert).to_contain_text("Tidak ada yang diimpor")
    expect(alert.locator("li")).to_have_count(1)
    expect(alert.locator("li")).to_have_text(
        f"Baris 4: tahun {YEAR} memberikan Top 99, Top 25, bukan Top 52")
    expect(page.locator("main button[name=action][value=import]")).to_have_count(0)
    assert not InnovationPage.objects.filter(title__in=[SIAP, AKTA, NELAYAN]).exists()
    content = page.locator("main textarea[name=content]")
    expect(content).to_have_value(re.compile(re.escape(NELAYAN)))  # the text is kept
    shoot(page, "dry-run-refused")

    # Fixed in place and checked again: what would be created, still nothing written.
    content.fill(content.input_value().replace("Top 52", "Top 25"))
    page.locator("main button[name=action][value=check]").click()
    page.wait_for_load_state()
    plan = page.locator("main .help-info")
    expect(plan).to_contain_text("3 baris diperiksa")
    expect(plan).to_contain_text(f"Top 25 {YEAR}: 3 baris · 3 dari 25 diketahui")
    expect(plan).to_contain_text("Kota Kendary")
    assert not InnovationPage.objects.filter(title__in=[SIAP, AKTA, NELAYAN]).exists()
    shoot(page, "dry-run")

    page.locator("main button[name=action][value=import]").click()
    page.wait_for_load_state()
    expect(page.locator("main .help-info")).to_contain_text("3 baris terbaca")
    imported = {p.title: p.agency for p in InnovationPage.objects.filter(
        title__in=[SIAP, AKTA, NELAYAN]).select_related("agency")}
    assert sorted(imported) == sorted([SIAP, AKTA, NELAYAN])
    kept, typo = imported[SIAP], imported[AKTA]
    assert kept.pk != typo.pk  # the misspelt city became an agency of its own
    assert typo.name == "Kota Kendary"

    site = PublicSite(page, live_site).open(f"/kompetisi/{YEAR}/")
    expect(site.main).to_contain_text("Top 25: 3 dari 25 diketahui")
    expect(site.main).to_contain_text("Top 25 (arsip)")  # the round, named in Indonesian
    shoot(page, "edition-page")

    # Merge the misspelling into the city, from the admin.
    page.goto(live_site + IMPORT_URL)
    page.locator("main a[href='/admin/instansi/gabung/']").click()
    page.wait_for_load_state()
    page.locator("main select[name=keep]").select_option(str(kept.pk))
    page.locator("main select[name=remove]").select_option(str(typo.pk))
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    warning = page.locator("main .help-warning")
    expect(warning).to_contain_text(f"Gabungkan “Kota Kendary” ke “{kept.name}”?")
    expect(warning).to_contain_text("1 inovasi")
    page.locator("main button.button--danger").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text(
        f"“Kota Kendary” telah digabungkan ke “{kept.name}”: 1 inovasi dipindahkan.")

    assert not Agency.objects.filter(pk=typo.pk).exists()
    assert sorted(InnovationPage.objects.filter(agency=kept).values_list("title", flat=True)) \
        == sorted([SIAP, AKTA])
    # The edition still shows every imported innovation, now under one government.
    board = PublicSite(page, live_site).open(f"/kompetisi/{YEAR}/top-25/")
    for title in (SIAP, AKTA, NELAYAN):
        expect(board.main).to_contain_text(title)
    expect(board.main).not_to_contain_text("Kota Kendary")
    expect(board.main).to_contain_text("3 dari 25 diketahui")
