"""Journey d: a citizen arriving from a news link searches and filters the innovation
database, opens a profile, reads the Top 99 and Top 45 of 2025, switches to English and
downloads the list as CSV. Reads only."""

import csv
import io
import re
import subprocess

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from tests.browser.pages import InnovationListing, PublicSite, switch_language_to

pytestmark = pytest.mark.browser

QUERY = "desa"  # in many seeded titles and descriptions
CSV_HEADER = ["rank", "innovation", "innovation_url", "agency", "agency_type", "province",
              "category", "tier", "source"]


def test_visitor_searches_filters_opens_results_and_downloads_csv(page, live_site, screenshot):
    listing = InnovationListing(page, live_site).open("/inovasi/")
    everything = listing.result_count()

    listing.search(QUERY).apply()
    assert f"q={QUERY}" in page.url
    found = listing.result_count()
    assert 0 < found < everything
    # Facet counts apply the search: the count beside a year is what picking it gives.
    year, expected = listing.choose("tahun", index=1)
    listing.apply()
    assert f"tahun={year}" in page.url
    assert listing.result_count() == expected
    assert 0 < expected <= found
    expect(listing.cards()).to_have_count(min(expected, 24))
    expect(page.locator("form[role=search] input[name=q]")).to_have_value(QUERY)
    screenshot(page, "filtered")

    card_title = listing.cards().first.locator(".card__title a")
    title = card_title.inner_text()
    card_title.click()
    page.wait_for_load_state()
    site = PublicSite(page, live_site)
    assert re.fullmatch(r"/inovasi/[\w-]+/", site.path())
    expect(site.heading).to_have_text(title)
    screenshot(page, "profile")

    site.open("/kompetisi/2025/")
    page.locator(".tier-nav a[href$='/kompetisi/2025/top-99/']").click()
    page.wait_for_load_state()
    assert site.path() == "/kompetisi/2025/top-99/"
    top99 = site.main.locator("table.leaderboard tbody tr").count()
    assert top99 > 0
    screenshot(page, "top-99")

    page.locator(".tier-nav a[href$='/kompetisi/2025/top-45/']").click()
    page.wait_for_load_state()
    assert site.path() == "/kompetisi/2025/top-45/"
    top45 = site.main.locator("table.leaderboard tbody tr").count()
    assert 0 < top45 < top99

    switch_language_to(page, "en")
    assert site.path() == "/en/kompetisi/2025/top-45/"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(site.main.locator("table.leaderboard tbody tr")).to_have_count(top45)
    screenshot(page, "top-45-en")

    with page.expect_download() as download_info:
        site.main.locator("a[href*='/kompetisi/2025/top-45/data.csv']").click()
    download = download_info.value
    assert download.suggested_filename == "kipp-2025-top-45.csv"
    with open(download.path(), encoding="utf-8") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    assert rows[0] == CSV_HEADER
    assert len(rows) - 1 == top45


def test_visitor_opens_a_winner_and_its_agency_in_both_languages(page, live_site, screenshot):
    site = PublicSite(page, live_site).open("/en/kompetisi/2025/top-45/")
    # The first winner whose profile is public (one entered again in an edition that is
    # still judging blind has no link: the blind rule withholds its profile).
    winner = site.main.locator("table.leaderboard tbody tr a[href*='/inovasi/']")
    title = winner.first.inner_text()

    winner.first.click()
    page.wait_for_load_state()
    assert re.fullmatch(r"/en/inovasi/[\w-]+/", site.path())
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(site.heading).to_have_text(title)
    expect(site.main.locator(".badges .badge--gold", has_text="Top 45")).to_have_count(1)
    screenshot(page, "winner-en")

    site.main.locator("a[href*='/instansi/']").first.click()
    page.wait_for_load_state()
    assert re.fullmatch(r"/en/instansi/[\w-]+/", site.path())
    top45_award = site.main.locator("dl.awards li", has_text=title).filter(has_text="Top 45")
    expect(top45_award).to_have_count(1)
    screenshot(page, "agency-en")

    switch_language_to(page, "id")
    assert re.fullmatch(r"/instansi/[\w-]+/", site.path())
    expect(page.locator("html")).to_have_attribute("lang", "id")
    top45_award = site.main.locator("dl.awards li", has_text=title).filter(has_text="Top 45")
    expect(top45_award).to_have_count(1)
    top45_award.locator("a").click()
    page.wait_for_load_state()
    assert re.fullmatch(r"/inovasi/[\w-]+/", site.path())
    expect(site.heading).to_have_text(title)
    screenshot(page, "winner-id")


WIDE = {"width": 1366, "height": 900}


def test_visitor_filters_pages_opens_a_winner_and_checks_its_certificate_qr(
    page, live_site, screenshot, tmp_path
):
    """At 1366 px: filter the database (the panel is open on a desktop), page through the
    results by page number, open a 2025 winner, download its certificate, and the QR code
    read from the PDF's image is the certificate's verification URL, which says it is
    genuine."""
    page.set_viewport_size(WIDE)
    listing = InnovationListing(page, live_site).open("/inovasi/")
    expect(page.locator("form[role=search] .listing__more-body")).to_be_visible()
    year, expected = listing.choose("tahun", index=1)
    listing.apply()
    assert listing.result_count() == expected
    if expected <= 24:  # too few for pages: take every year
        listing.open("/inovasi/")
    nav = page.locator("nav.pagination")
    expect(nav.locator("a[aria-current=page]")).to_have_attribute("data-page", "1")
    first_page = listing.cards().first.locator(".card__title a").inner_text()
    nav.locator("a[data-page='2']").click()
    page.wait_for_load_state()
    assert "halaman=2" in page.url
    expect(page.locator("nav.pagination a[aria-current=page]")).to_have_attribute(
        "data-page", "2")
    assert listing.cards().first.locator(".card__title a").inner_text() != first_page
    screenshot(page, "page-2")

    site = PublicSite(page, live_site).open("/kompetisi/pemenang/")
    page.set_viewport_size(WIDE)
    groups = site.main.locator("section.winners-tier")
    expect(groups.first).to_have_attribute("data-tier", "outstanding")
    winner = groups.nth(1).locator(".card__title a").first
    title, profile = winner.inner_text(), winner.get_attribute("href")
    screenshot(page, "winners")
    winner.click()
    page.wait_for_load_state()
    assert re.fullmatch(r"/inovasi/[\w-]+/", site.path())
    expect(site.heading).to_have_text(title)

    site.open("/kompetisi/2025/top-45/")
    # By the profile's address: two agencies may give their innovations the same title.
    row = site.main.locator("table.leaderboard tbody tr").filter(
        has=page.locator(f"a[href='{profile}']"))
    expect(row).to_have_count(1)
    link = row.locator("a[href*='/sertifikat/']")
    href = link.get_attribute("href")
    code = re.search(r"/sertifikat/([0-9]+-[0-9a-f]{20})\.pdf$", href).group(1)
    # Chromium shows an inline PDF in its viewer, with no download event: fetch it as the
    # viewer's "download" button does, with the visitor's browser context.
    response = page.request.get(live_site + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert f'filename="sertifikat-{code}.pdf"' in response.headers["content-disposition"]
    pdf = tmp_path / "sertifikat.pdf"
    pdf.write_bytes(response.body())
    assert pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-singlefile", str(pdf),
                    str(tmp_path / "page")], check=True, timeout=60)
    image = Image.open(tmp_path / "page.png").convert("L")

    decoded = [result.text for result in zxingcpp.read_barcodes(image)]

    verify_url = f"{live_site}/verifikasi/{code}/"
    assert decoded == [verify_url]
    page.goto(decoded[0])
    expect(site.main).to_contain_text(title)
    screenshot(page, "verified")
