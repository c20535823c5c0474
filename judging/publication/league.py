"""Across editions: the regional league table, the winners page and the home block.

Everything here is read from innovations.Achievement, which is written only when a
result is published (or imported from the archive), and aggregated in the database.
Only live innovation profiles count, so an unpublished profile drops out.
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from innovations.models import (
    Achievement,
    AchievementTier,
    AgencyIndexPage,
    AgencyType,
    InnovationIndexPage,
    tier_label,
)
from innovations.queries import (
    agency_url,
    attach_urls,
    listed_innovations,
    localized_index_url,
    public_innovations,
    route_url,
    with_card_data,
)
from judging.models import Competition, CompetitionIndexPage, CompetitionPage
from judging.publication.charts import bar_chart

# The final ("terpuji") tier of each edition: Top 45 from 2019, Top 40, 35, 25, 9 before.
FINAL_TIERS = (AchievementTier.TOP_45, AchievementTier.TOP_40, AchievementTier.TOP_35,
               AchievementTier.TOP_25, AchievementTier.TOP_9)
WINNER_TIERS = (*FINAL_TIERS, AchievementTier.OUTSTANDING)
AGENCY_ROWS = 50
HOME_WINNERS = 8


def public_achievements(*, agency_type=""):
    # The innovations the public listing shows, from its narrow rows (innovations.queries).
    achievements = Achievement.objects.filter(innovation__in=listed_innovations().values("pk"))
    if agency_type:
        achievements = achievements.filter(innovation__agency__agency_type=agency_type)
    return achievements


TIER_COUNTS = {
    "top99": Count("pk", filter=Q(tier=AchievementTier.TOP_99)),
    "top45": Count("pk", filter=Q(tier__in=FINAL_TIERS)),
    "outstanding": Count("pk", filter=Q(tier=AchievementTier.OUTSTANDING)),
    "total": Count("pk"),
}
RANKING = ("-top45", "-top99", "-outstanding")


def province_table(*, agency_type=""):
    """Provinces by Top 45 (incl. Top 40), then Top 99 counts; national bodies together."""
    rows = list(
        public_achievements(agency_type=agency_type)
        .values("innovation__agency__province__code", "innovation__agency__province__name")
        .annotate(**TIER_COUNTS)
        .order_by(*RANKING, "innovation__agency__province__name")
    )
    for row in rows:
        row["name"] = row["innovation__agency__province__name"] or _("National bodies")
    return rank(rows)


def agency_table(*, agency_type=""):
    rows = list(
        public_achievements(agency_type=agency_type)
        .values("innovation__agency__name", "innovation__agency__slug",
                "innovation__agency__agency_type", "innovation__agency__province__name")
        .annotate(**TIER_COUNTS)
        .order_by(*RANKING, "innovation__agency__name")[:AGENCY_ROWS]
    )
    labels = dict(AgencyType.choices)
    for row in rows:
        row["name"] = row["innovation__agency__name"]
        row["type_label"] = labels.get(row["innovation__agency__agency_type"], "")
    return rank(rows)


def rank(rows):
    """Shared ranks (1, 2, 2, 4) on the (Top 45, Top 99, Outstanding) counts."""
    previous, current = None, 0
    for position, row in enumerate(rows, 1):
        key = (row["top45"], row["top99"], row["outstanding"])
        if key != previous:
            current, previous = position, key
        row["rank"] = current
    return rows


def league_table(request, *, index):
    agency_type = request.GET.get("jenis", "")
    if agency_type not in AgencyType.values:
        agency_type = ""
    provinces = province_table(agency_type=agency_type)
    agencies = agency_table(agency_type=agency_type)
    agency_base = localized_index_url(request, AgencyIndexPage)
    for row in agencies:
        row["url"] = agency_url(agency_base, row["innovation__agency__slug"])
    chart = bar_chart([(row["name"], row["total"]) for row in provinces])
    return index.render(request, template="judging/league_table.html", context_overrides={
        "provinces": provinces,
        "agencies": agencies,
        "agency_rows": AGENCY_ROWS,
        "agency_types": AgencyType.choices,
        "selected_type": agency_type,
        "chart": chart,
    })


# How the winners page groups a year: the highest tier first.
WINNER_ORDER = (AchievementTier.OUTSTANDING, *FINAL_TIERS)


def _winner_pairs(*, year):
    """(innovation id, tier) of the winner tiers awarded in ``year`` to listed profiles."""
    return list(public_achievements().filter(year=year, tier__in=WINNER_TIERS)
                .values_list("innovation_id", "tier").distinct())


def winners_by_tier(*, year):
    """The live innovations awarded a winner tier in ``year``, grouped by tier in
    ``WINNER_ORDER`` (titles A-Z inside a group), with card data: a list of
    {"tier", "label", "winners"}. An Outstanding innovation belongs to its edition's
    Top 45 as well, so it is in both groups, as the published lists have it. Three queries
    plus the card prefetches, whatever the number of winners."""
    pairs = _winner_pairs(year=year)
    members = {}
    for innovation_id, tier in pairs:
        members.setdefault(tier, set()).add(innovation_id)
    ordered = list(with_card_data(public_innovations().filter(
        pk__in={innovation_id for innovation_id, _tier in pairs})).order_by("title", "pk"))
    return [{"tier": tier, "label": tier_label(tier),
             "winners": [item for item in ordered if item.pk in members[tier]]}
            for tier in WINNER_ORDER if tier in members]


def winners_of(*, year, limit=None):
    """The winners of ``year`` once each, the highest tier first, titles A-Z inside a
    tier: the order of winners_by_tier without the repeats. Card data is read for the
    ``limit`` shown only (the home page shows 8 of 45 or more): the order comes from the
    ids and titles alone."""
    best = {}  # innovation id -> position of its highest tier in WINNER_ORDER
    for innovation_id, tier in _winner_pairs(year=year):
        position = WINNER_ORDER.index(tier)
        best[innovation_id] = min(position, best.get(innovation_id, position))
    by_title = public_innovations().filter(pk__in=list(best)).order_by("title", "pk")
    # Stable: titles keep the database's order (its collation) inside a tier.
    chosen = sorted(by_title.values_list("pk", flat=True), key=best.__getitem__)
    if limit:
        chosen = chosen[:limit]
    cards = {item.pk: item for item in with_card_data(public_innovations().filter(
        pk__in=chosen))}
    return [cards[pk] for pk in chosen if pk in cards]


def winner_years():
    return list(
        public_achievements().filter(tier__in=WINNER_TIERS).values_list("year", flat=True)
        .distinct().order_by("-year")
    )


def winners(request, *, index):
    years = winner_years()
    year = request.GET.get("tahun", "")
    year = int(year) if year.isdigit() and int(year) in years else (years[0] if years else None)
    groups = winners_by_tier(year=year) if year else []
    base_url = localized_index_url(request, InnovationIndexPage)
    for group in groups:
        attach_urls(group["winners"], base_url=base_url)
    return index.render(request, template="judging/winners.html", context_overrides={
        "years": years, "year": year, "groups": groups,
    })


def winners_home_block(*, page, request):
    """The home page's gallery of the latest year's winners (registered in apps.py)."""
    years = winner_years()
    if not years:
        return None
    items = winners_of(year=years[0], limit=HOME_WINNERS)
    attach_urls(items, base_url=localized_index_url(request, InnovationIndexPage))
    index_url = localized_index_url(request, CompetitionIndexPage)
    return {
        "template": "judging/includes/home_winners.html",
        "year": years[0],
        "winners": items,
        "winners_url": route_url(index_url, CompetitionIndexPage, "winners"),
    }


def open_edition_home_block(*, page, request):
    """The home page's call to action while an edition takes proposals (registered in
    apps.py, shown in the hero): its name, closing date, the way in for units and its
    page. Two queries; None when no edition is open."""
    editions = list(Competition.objects.taking_submissions())
    if not editions:
        return None
    pages = {p.competition_id: p for p in CompetitionPage.objects.live().public()
             .filter(competition__in=editions, locale_id=page.locale_id)}
    return {
        "template": "judging/includes/home_open_edition.html",
        "in_hero": True,
        "editions": [{"competition": c, "page_url": pages[c.pk].url if c.pk in pages else ""}
                     for c in editions],
        "workspace_url": reverse("workspace:dashboard"),
    }
