"""Builders for published (and unpublished) round results and the competition pages.

Results are immutable snapshots made by judging.services.finalise_round; these
helpers write the same rows directly so publication tests do not depend on scoring.
"""

from django.utils import timezone

from innovations.models import Achievement, Category, Province
from judging.models import EntryStatus, ResultRow, RoundKind, RoundResult, RoundStatus
from judging.services.editions import ensure_edition_page, ensure_index

from .innovations import AgencyFactory, InnovationPageFactory
from .judging import EntryFactory, RoundFactory


def awarded_entries(competition, n, *, index, provinces=("35", "32", "73"), agency_type="kota",
                    category_slug="kesehatan", live=True):
    entries = []
    for i in range(n):
        agency = AgencyFactory(province=Province.objects.get(code=provinces[i % len(provinces)]),
                               agency_type=agency_type)
        page = InnovationPageFactory(parent=index, agency=agency, live=live,
                                     category=Category.objects.get(slug=category_slug))
        entries.append(EntryFactory(competition=competition, innovation=page,
                                    category=page.category, status=EntryStatus.AWARDED))
    return entries


def make_result(competition, entries, *, tier="top99", order=2, published=True,
                publish_scores=False, kind=RoundKind.DESK, not_selected=()):
    """A finalised round granting ``tier`` with one selected row per entry (ranked in
    order) plus rows for ``not_selected`` entries; Achievements when published."""
    round_ = RoundFactory(competition=competition, order=order, kind=kind, tier=tier,
                          status=RoundStatus.FINALISED, publish_scores=publish_scores,
                          name=f"Babak {order}")
    result = RoundResult.objects.create(
        round=round_, checksum="0" * 64, published=published,
        published_at=timezone.now() if published else None)
    ResultRow.objects.bulk_create(
        [ResultRow(result=result, entry=entry, rank=rank, score=90.0 - rank, selected=True,
                   n_judges=3, reason_code="top_n")
         for rank, entry in enumerate(entries, 1)]
        + [ResultRow(result=result, entry=entry, rank=len(entries) + rank, score=50.0,
                     selected=False, n_judges=3, reason_code="below_cutoff")
           for rank, entry in enumerate(not_selected, 1)]
    )
    if published:
        Achievement.objects.bulk_create(
            Achievement(innovation=entry.innovation, year=competition.year, tier=tier,
                        competition_name=competition.name) for entry in entries)
    return result


def competition_pages(home_page, competition):
    """/kompetisi/ and /kompetisi/<year>/ with their English translations."""
    index = ensure_index(home=home_page)
    page = ensure_edition_page(index=index, competition=competition, intro="Edisi uji.")
    return index, page
