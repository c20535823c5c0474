"""Demo seed step: the public competition pages (/kompetisi/ and one page per edition,
with English translations) for the competitions the judging seed created, and the
competition news (registration, objection period, results), dated from the
competitions themselves and linking to their pages, so news, schedule and results agree.

Runs after judging.seed.competitions in SEED_STEPS; idempotent like every seed step."""

from django.utils import formats, timezone, translation
from wagtail.models import Locale

from home.models import HomePage, NewsIndexPage, NewsPage
from home.seed import ensure_child
from judging.models import Competition, CompetitionIndexPage, CompetitionPage, ObjectionWindow
from judging.models.publication import tier_slug
from judging.publication.leaderboards import published_tiers
from judging.services.editions import ensure_edition_page, ensure_index
from portal.demo_images import get_or_create_image
from portal.page_tree import ensure_translation

RULES = (
    "Inovasi telah diterapkan paling singkat {age} tahun. Setiap instansi paling banyak "
    "mengirim {general} proposal kelompok umum dan {replication} kelompok replikasi. "
    "Satu judul hanya boleh didaftarkan sekali.\n\n"
    "Tahapan: seleksi administrasi oleh sekretariat, evaluasi proposal oleh tim evaluasi "
    "(Top 99), masa sanggah, presentasi dan wawancara, verifikasi lapangan (Top 45)."
)
RULES_EN = (
    "The innovation has run for at least {age} years. Each agency may send at most "
    "{general} general-group and {replication} replication-group proposals. A title may be "
    "entered only once.\n\n"
    "Stages: administrative screening by the secretariat, desk evaluation by the evaluation "
    "team (Top 99), the objection period, presentation and interview, field verification "
    "(Top 45)."
)
NEWS_IMAGE_SEED = 1100


def run(*, rng, options, log):
    home = HomePage.objects.filter(locale=Locale.get_default(), depth=2).first()
    if home is None:
        log("  judging.seed.publication: no home page, skipped")
        return
    index = ensure_index(home=home)
    count = 0
    for competition in Competition.objects.order_by("year"):
        facts = {"age": competition.min_age_years,
                 "general": competition.max_general_per_agency,
                 "replication": competition.max_replication_per_agency}
        ensure_edition_page(
            index=index, competition=competition,
            intro=f"Kompetisi Inovasi Pelayanan Publik tahun {competition.year}.",
            intro_en=f"The {competition.year} public-service innovation competition.",
            rules=RULES.format(**facts), rules_en=RULES_EN.format(**facts),
        )
        count += 1
    news = ensure_competition_news(home=home, competitions=list(
        Competition.objects.order_by("year")))
    log(f"  competition pages: {count} editions under {index.url_path}; {news} news items")


def day(value, language):
    """A date as the news reads it ("4 Agustus 2025", "4 August 2025")."""
    with translation.override(language):
        return formats.date_format(timezone.localdate(value), "j F Y")


def link(url, text):
    return f'<a href="{url}">{text}</a>'


def objection_summary(*, window, label, competition):
    """The news summary of an announced provisional list and its objection period (id, en)."""
    return (f"Daftar sementara {label} {competition.name} diumumkan. Masa sanggah "
            f"berlangsung {day(window.opens_at, 'id')} sampai {day(window.closes_at, 'id')}.",
            f"The provisional {label} of {competition.name} is announced. The objection "
            f"period runs from {day(window.opens_at, 'en')} to {day(window.closes_at, 'en')}.")


def edition_news(*, competition, page, page_en, index, index_en):
    """The news of one edition as (slug, date, (title id, en), (summary id, en),
    (body id, en)), from what the edition holds: registration dates, the objection window
    of a published tier, the published results."""
    year = competition.year
    items = []
    url, url_en = page.url, page_en.url if page_en else page.url
    opens, deadline = competition.registration_opens_at, competition.submission_deadline
    if opens and deadline:
        slug = "sosialisasi-kompetisi-2026" if year == 2026 else f"pendaftaran-kipp-{year}"
        summary = (f"Unit pelayanan mengirim proposal melalui admin lokal instansinya mulai "
                   f"{day(opens, 'id')} hingga {day(deadline, 'id')}.",
                   f"Service units send their proposals through their agency's local admin "
                   f"from {day(opens, 'en')} to {day(deadline, 'en')}.")
        items.append((slug, timezone.localdate(opens),
                      (f"Pendaftaran {competition.name} Dibuka",
                       f"Registration for {competition.name} opens"), summary,
                      (f"<p>{summary[0]} Ketentuan dan tahapannya ada di halaman "
                       f"{link(url, competition.name)}.</p>",
                       f"<p>{summary[1]} The rules and stages are on the "
                       f"{link(url_en, competition.name)} page.</p>")))
    for window in ObjectionWindow.objects.filter(
            result__round__competition=competition, result__published=False,
            result__supersedes__isnull=True).select_related("result__round"):
        tier, label = window.result.round.tier, window.result.round.get_tier_display()
        route = {"tier_slug": tier_slug(tier)}
        provisional = url + page.reverse_subpage("provisional_leaderboard", kwargs=route)
        provisional_en = url_en + page.reverse_subpage("provisional_leaderboard", kwargs=route)
        summary = objection_summary(window=window, label=label, competition=competition)
        items.append((f"masa-sanggah-{tier_slug(tier)}-{year}",
                      timezone.localdate(window.opens_at),
                      (f"Masa Sanggah {label} {competition.name} Dibuka",
                       f"Objection period for the {label} of {competition.name} opens"),
                      summary,
                      (f"<p>{summary[0]} Baca {link(provisional, 'daftar sementara')} dan "
                       f"ajukan sanggahan melalui formulirnya, dengan alasan dan bukti.</p>",
                       f"<p>{summary[1]} Read the {link(provisional_en, 'provisional list')} "
                       f"and object through its form, with reasons and evidence.</p>")))
    for result in published_tiers(competition):
        tier, label = result.round.tier, result.round.get_tier_display()
        board = url + page.reverse_subpage("leaderboard", kwargs={"tier_slug": tier_slug(tier)})
        board_en = url_en + page.reverse_subpage(
            "leaderboard", kwargs={"tier_slug": tier_slug(tier)})
        window = ObjectionWindow.objects.filter(result=result).first()
        if window is not None:
            summary = objection_summary(window=window, label=label,
                                        competition=competition)
            items.append((f"masa-sanggah-{tier_slug(tier)}-{year}",
                          timezone.localdate(window.opens_at),
                          (f"Masa Sanggah {label} {competition.name}",
                           f"Objection period for the {label} of {competition.name}"),
                          summary,
                          (f"<p>{summary[0]} Sanggahan diajukan melalui formulir pada halaman "
                           f"daftar sementara, dengan alasan dan bukti. Daftar akhirnya: "
                           f"{link(board, f'{label} {competition.name}')}.</p>",
                           f"<p>{summary[1]} Objections are filed through the form on the "
                           f"provisional list's page, with reasons and evidence. The final "
                           f"list: {link(board_en, f'{label} of {competition.name}')}.</p>")))
        # Outstanding is announced with the Top 45, whose news links to the winners page.
        if not result.published_at or tier == "outstanding":
            continue
        count = result.rows.filter(selected=True).count()
        summary = (f"{count} inovasi ditetapkan sebagai {label} {competition.name} pada "
                   f"{day(result.published_at, 'id')}.",
                   f"{count} innovations were named the {label} of {competition.name} on "
                   f"{day(result.published_at, 'en')}.")
        winners = index.url + index.reverse_subpage("winners")
        winners_en = (index_en or index).url + index.reverse_subpage("winners")
        extra = ((f" Semua pemenang tahun {year} ada di {link(winners, 'halaman pemenang')}.",
                  f" All {year} winners are on the {link(winners_en, 'winners page')}.")
                 if tier != "top99" else ("", ""))
        items.append((f"pengumuman-{tier_slug(tier)}-{year}",
                      timezone.localdate(result.published_at),
                      (f"Pengumuman {label} {competition.name}",
                       f"{label} of {competition.name} announced"), summary,
                      (f"<p>{summary[0]} Lihat {link(board, f'daftar {label}')}.{extra[0]}</p>",
                       f"<p>{summary[1]} See the {link(board_en, f'{label} list')}."
                       f"{extra[1]}</p>")))
    return items


def ensure_competition_news(*, home, competitions):
    """The news of these competitions (those with a public page), each item created once.
    Returns how many were created."""
    news_index = NewsIndexPage.objects.child_of(home).first()
    comp_index = CompetitionIndexPage.objects.child_of(home).first()
    if news_index is None or comp_index is None:
        return 0
    locale_en = Locale.objects.filter(language_code="en").first()
    index_en = comp_index.get_translation_or_none(locale_en) if locale_en else None
    pages = {page.competition_id: page for page in
             CompetitionPage.objects.child_of(comp_index).filter(competition__in=competitions)}
    created = 0
    for competition in competitions:
        page = pages.get(competition.pk)
        if page is None:
            continue
        page_en = page.get_translation_or_none(locale_en) if locale_en else None
        for position, (slug, date, titles, summaries, bodies) in enumerate(edition_news(
                competition=competition, page=page, page_en=page_en, index=comp_index,
                index_en=index_en)):
            if NewsPage.objects.child_of(news_index).filter(slug=slug).exists():
                continue
            image = get_or_create_image(title=f"Berita: {titles[0]}",
                                        seed=NEWS_IMAGE_SEED + competition.year * 10 + position)
            news = ensure_child(news_index, NewsPage, slug=slug, title=titles[0],
                                summary=summaries[0], date=date, image=image, body=bodies[0])
            if locale_en is not None and news_index.get_translation_or_none(locale_en):
                ensure_translation(news, locale_en, title=titles[1],
                                   fields={"summary": summaries[1], "body": bodies[1]})
            created += 1
    return created
