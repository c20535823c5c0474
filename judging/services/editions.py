"""The public page tree of the competitions: /kompetisi/ and one page per edition,
each with its English translation. Used by the admin when an edition is created, the
demo seed and the archive import; idempotent (an existing page is returned, never
duplicated)."""

from django.db import transaction
from wagtail.models import Locale

from home.models import HomePage
from judging.models import CompetitionIndexPage, CompetitionPage
from judging.services import audit
from portal.page_tree import ensure_translation

INDEX_TITLES = ("Kompetisi", "Competitions")
INDEX_INTROS = (
    "Setiap edisi kompetisi inovasi pelayanan publik: tahapan, rubrik penilaian dan "
    "hasil yang telah diumumkan.",
    "Every edition of the public-service innovation competition: its stages, scoring "
    "rubrics and published results.",
)


def ensure_index(*, home):
    """The live /kompetisi/ page under the default-language home page, and its translations."""
    index = CompetitionIndexPage.objects.child_of(home).first()
    if index is None:
        index = CompetitionIndexPage(title=INDEX_TITLES[0], slug="kompetisi",
                                     intro=INDEX_INTROS[0], locale=home.locale,
                                     show_in_menus=True)
        home.add_child(instance=index)
        index.save_revision().publish()
    for locale in Locale.objects.exclude(pk=index.locale_id):
        if home.get_translation_or_none(locale) is not None:
            ensure_translation(index, locale, title=INDEX_TITLES[1],
                                 fields={"intro": INDEX_INTROS[1]})
    return index


def ensure_edition_page(*, index, competition, intro="", intro_en="", rules="", rules_en=""):
    """The live page of one edition (slug = its year) and its translations."""
    page = CompetitionPage.objects.child_of(index).filter(competition=competition).first()
    if page is None:
        page = CompetitionPage(title=competition.name, slug=str(competition.year),
                               competition=competition, intro=intro, rules=rules,
                               locale=index.locale)
        index.add_child(instance=page)
        page.save_revision().publish()
    for locale in Locale.objects.exclude(pk=page.locale_id):
        if index.get_translation_or_none(locale) is not None:
            ensure_translation(page, locale, title=competition.name,
                                 fields={"intro": intro_en or intro,
                                         "rules": rules_en or rules})
    return page


def default_index():
    """The default-language competition index, or None before the seed created it."""
    return CompetitionIndexPage.objects.filter(locale=Locale.get_default()).first()


def edition_intros(competition):
    """The public introduction of an edition, in Indonesian and English."""
    return (
        f"{competition.name}: kompetisi inovasi pelayanan publik tahun {competition.year}.",
        f"{competition.name}: the {competition.year} public-service innovation competition.",
    )


def publish_edition_pages(*, competition, user):
    """Give an edition its public pages in every language, the /kompetisi/ index too.

    Called when the secretariat creates an edition in the admin, so the edition's public
    URLs (overview, leaderboards, objections, certificates) work without anyone having
    to build pages by hand. Idempotent: existing pages are kept as they are. Returns
    the default-language page, or None when the site has no home page yet."""
    home = HomePage.objects.filter(locale=Locale.get_default(), depth=2).first()
    if home is None:
        return None
    with transaction.atomic():
        # One edition page per competition, even when two saves race.
        type(competition).objects.select_for_update().get(pk=competition.pk)
        existed = CompetitionPage.objects.filter(competition=competition).exists()
        intro, intro_en = edition_intros(competition)
        page = ensure_edition_page(index=ensure_index(home=home), competition=competition,
                                   intro=intro, intro_en=intro_en)
        if not existed:
            audit.log(instance=competition, action="judging.edition_pages", user=user,
                      data={"page": page.pk, "url_path": page.url_path})
    return page
