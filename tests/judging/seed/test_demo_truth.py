"""The full demo (seed_demo with its defaults) tells the truth on the public pages: a full
Top 99 and Top 45 for 2025, dates that agree across news, schedule and results, public
words for round states, winners grouped by tier, news linking to the results, and
rules and FAQ that explain how the competition runs.

The demo is seeded once for the module inside a transaction that is rolled back at the
end (seeding takes seconds); each test runs in a savepoint of it."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from home.models import NewsPage
from judging.models import Competition, ObjectionWindow, RoundResult
from judging.publication.leaderboards import published_tiers

pytestmark = pytest.mark.slow

INTERNAL_WORDS = re.compile(r"\b(Difinalisasi|Draf|Draft|Finalised|Ditutup|checksum)\b")
PUBLIC_PAGES = ["/", "/kompetisi/", "/kompetisi/2025/", "/kompetisi/2026/", "/kompetisi/2027/",
                "/kompetisi/2028/", "/kompetisi/2025/top-99/", "/kompetisi/2025/top-45/",
                "/kompetisi/pemenang/", "/berita/", "/aturan/", "/tanya-jawab/",
                "/en/kompetisi/2025/", "/en/kompetisi/2026/", "/en/kompetisi/pemenang/"]

@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", seed=2026, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)

@pytest.fixture
def past(demo, db):
    return Competition.objects.get(year=2025)

def main_html(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.content.decode()
    return html[html.index('<main'):html.index('</main>')]

def leaderboard_rows(html):
    table = html[html.index('<table class="leaderboard"'):]
    body = table[table.index("<tbody>"):table.index("</tbody>")]
    return body.count('<th scope="row"')


def test_the_2025_top_99_and_top_45_are_full(client, past):
    top99 = main_html(client, "/kompetisi/2025/top-99/")
    top45 = main_html(client, "/kompetisi/2025/top-45/")
    overview = main_html(client, "/kompetisi/2025/")

    assert leaderboard_rows(top99) == 99
    assert leaderboard_rows(top45) == 45
    assert '<h2 class="listing__count" id="results-title">99 inovasi' in top99
    assert '<h2 class="listing__count" id="results-title">45 inovasi' in top45
    assert "Top 99 lolos" in overview
    assert re.findall(r"Top \d+ lolos", overview) == ["Top 99 lolos", "Top 45 lolos"]
    # Every 2025 winner keeps its public profile: none is entered in an edition that is
    # still judging blind.
    linked = '<th scope="row" data-label="Inovasi"><a href="/inovasi/'
    assert top99.count(linked) == 99


def local_day(value):
    return timezone.localdate(value)

def test_dates_agree_across_registration_rounds_objections_and_results(past):
    rounds = list(past.rounds.order_by("order"))
    entries = list(past.entries.all())
    assert past.registration_opens_at < past.submission_deadline
    assert all(past.registration_opens_at <= e.forwarded_at <= past.submission_deadline
               for e in entries)
    assert past.submission_deadline < rounds[0].opens_at
    for earlier, later in zip(rounds, rounds[1:], strict=False):
        assert earlier.opens_at < earlier.closes_at <= later.opens_at
    results = {r.round.tier: r for r in published_tiers(past)}
    assert set(results) == {"top99", "top45", "outstanding"}
    for result in RoundResult.objects.filter(round__competition=past):
        assert result.round.closes_at < result.published_at
    window = ObjectionWindow.objects.get(result__round__competition=past)
    desk = results["top99"]
    assert window.result == desk
    assert desk.round.closes_at < window.opens_at
    assert window.closes_at - window.opens_at >= datetime.timedelta(days=5)
    assert window.closes_at < desk.published_at
    assert results["top45"].published_at > desk.published_at
    assert all(r.published_at.year == 2025 for r in results.values())

def test_the_news_quotes_the_same_dates_and_links_to_the_results(client, past):
    results = {r.round.tier: r for r in published_tiers(past)}
    window = ObjectionWindow.objects.get(result__round__competition=past)
    news = {n.slug: n for n in NewsPage.objects.filter(locale__language_code="id")}

    registration = news["pendaftaran-kipp-2025"]
    assert registration.date == local_day(past.registration_opens_at)
    assert "3 Februari 2025 hingga 30 Mei 2025" in registration.summary
    objection = news["masa-sanggah-top-99-2025"]
    assert objection.date == local_day(window.opens_at) == datetime.date(2025, 8, 4)
    assert "4 Agustus 2025 sampai 9 Agustus 2025" in objection.summary
    top99 = news["pengumuman-top-99-2025"]
    assert top99.date == local_day(results["top99"].published_at)
    assert top99.summary.startswith("99 inovasi ditetapkan sebagai Top 99 KIPP 2025")
    assert 'href="/kompetisi/2025/top-99/"' in top99.body
    top45 = news["pengumuman-top-45-2025"]
    assert top45.date == local_day(results["top45"].published_at)
    assert 'href="/kompetisi/2025/top-45/"' in top45.body
    assert 'href="/kompetisi/pemenang/"' in top45.body
    current = Competition.objects.get(year=2026)
    assert news["sosialisasi-kompetisi-2026"].date == local_day(current.registration_opens_at)
    # The news reads as it is written; the page shows its links.
    page = main_html(client, "/berita/pengumuman-top-99-2025/")
    assert 'href="/kompetisi/2025/top-99/"' in page
    english = main_html(client, "/en/berita/pengumuman-top-99-2025/")
    assert 'href="/en/kompetisi/2025/top-99/"' in english
    assert "99 innovations were named the Top 99 of KIPP 2025 on 15 August 2025" in english

def test_the_schedule_on_the_edition_page_shows_the_same_dates(client, past):
    overview = main_html(client, "/kompetisi/2025/")

    assert "3 Feb 2025 – 30 Mei 2025" in overview
    # The desk evaluation (Top 99): its dates, the objection period, the announcement.
    assert ("30 Jun 2025 – 25 Jul 2025 · masa sanggah 4 Agu 2025 – 9 Agu 2025 · hasil "
            "diumumkan 15 Agu 2025 · Top 99 lolos") in overview
    assert "22 Sep 2025 – 10 Okt 2025 · hasil diumumkan 31 Okt 2025" in overview  # Top 45
    top99 = main_html(client, "/kompetisi/2025/top-99/")
    assert "diumumkan pada 15 Agustus 2025" in top99

@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_use_public_words_for_states(client, demo, db, path):
    html = main_html(client, path)

    assert INTERNAL_WORDS.findall(html) == []

def test_round_states_read_as_the_public_says_them(client, past):
    ongoing = main_html(client, "/kompetisi/2026/")
    done = main_html(client, "/kompetisi/2025/")

    assert done.count("hasil diumumkan") == 3  # Top 99, Top 45, Outstanding
    assert done.count("Selesai") == 2  # screening and interviews
    assert ongoing.count("Sedang berlangsung") == 1  # the desk evaluation
    assert ongoing.count("Akan datang") == 3
    provisional = main_html(client, "/kompetisi/2027/")
    assert provisional.count("Hasil sedang disiapkan") == 1  # its list is in masa sanggah

def test_winners_are_grouped_by_tier_highest_first(client, past):
    html = main_html(client, "/kompetisi/pemenang/")

    tiers = re.findall(r'<section class="winners-tier" aria-labelledby="tier-(\w+)"', html)
    assert tiers == ["outstanding", "top45"]
    counts = re.findall(r'<span class="meta">· (\d+) inovasi</span>', html)
    assert counts == ["5", "45"]
    top45 = html[html.index('id="tier-top45"'):]
    titles = re.findall(r'class="card__title"><a [^>]*>([^<]+)</a>', top45)
    assert len(titles) == 45
    assert titles == sorted(titles, key=str.casefold)

@pytest.mark.parametrize(("path", "phrases"), [
    ("/aturan/", ["Seleksi administrasi", "Evaluasi proposal", "Top 99", "Top 45",
                  "masa sanggah", "Signifikansi: 30 %", "Adaptabilitas: 20 %",
                  "Kebaruan / nilai tambah: 15 %", "Strategi keberlanjutan: 15 %",
                  "paling singkat 2 tahun", "10 proposal kelompok umum", "Jadwal",
                  "akhir Mei", "5 hari"]),
    ("/en/aturan/", ["Administrative screening", "Desk evaluation", "Top 99", "Top 45",
                     "objection period", "Significance: 30 %", "Adaptability / replicability: "
                     "20 %", "at least 2 years", "10 general-group", "Timeline", "5-day"]),
    ("/tanya-jawab/", ["masa sanggah", "5 hari", "Tiga juri", "signifikansi (30 %)",
                       "kode QR", "admin lokal"]),
    ("/en/tanya-jawab/", ["objection period", "5 days", "Three judges",
                          "significance (30 %)", "QR code", "local admin"]),
])
def test_rules_and_faq_explain_how_the_competition_runs(client, demo, db, path, phrases):
    html = " ".join(re.sub(r"<[^>]+>", " ", main_html(client, path)).split())

    assert [phrase for phrase in phrases if phrase not in html] == []
    assert len(re.findall(r"<h2", main_html(client, path))) >= 5

def test_rules_weights_match_the_default_desk_rubric(past):
    from home.seed import RULES_ID
    from judging.services.rubrics import desk_criteria_2023

    text = re.sub(r"<[^>]+>", " ", RULES_ID)
    for criterion in desk_criteria_2023():
        weight = f"{criterion['weight']:g}"
        assert re.search(rf"{re.escape(criterion['name'].split(' / ')[0])}[^:]*:\s*{weight} %",
                         text, re.I), criterion["name"]
