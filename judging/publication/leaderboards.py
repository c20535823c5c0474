"""Published leaderboards: the only door through which results reach the public.

Every public reader (pages, CSV/JSON downloads, the API, certificates) goes through
``published_results()``, which keeps only results the secretariat published. A
provisional or unpublished result is therefore a 404 everywhere, by construction.
Listings fetch their rows with a fixed number of queries whatever their length.
"""

from collections import Counter

from django.db.models import Count, Exists, OuterRef
from django.http import Http404
from django.utils.translation import gettext as _

from innovations.models import AgencyIndexPage, AgencyType, Category, InnovationIndexPage, Province
from innovations.queries import agency_url, child_url, localized_index_url
from judging.models import ResultRow, Round, RoundResult, reference
from judging.models.blind import withheld_innovations
from judging.models.scores import ARCHIVE_SOURCE
from judging.services.results import reason_text, unmet_text

FILTER_PARAMS = ("kategori", "jenis", "provinsi")


def published_results():
    """Results the public may see: published, of a round that grants a tier."""
    return (RoundResult.objects.current().filter(published=True).exclude(round__tier="")
            .select_related("round", "round__competition"))


def published_tiers(competition):
    """The published result of each tier of one edition, in round order.

    When several rounds grant the same tier, the later round's result wins."""
    by_tier = {}
    for result in published_results().filter(round__competition=competition).order_by(
        "round__order"
    ):
        by_tier[result.round.tier] = result
    return sorted(by_tier.values(), key=lambda result: result.round.order)


def get_published_result(*, competition, tier, results=None):
    """The published result of ``tier``; ``results`` is published_tiers(competition)
    when the caller read it already."""
    for result in published_tiers(competition) if results is None else results:
        if result.round.tier == tier:
            return result
    raise Http404(_("No published result for this tier."))


def known_counts(results):
    """{result pk: {"count", "official", "partial"}}: how many innovations of each
    published tier are known against its official size (one query). Only archive lists
    can be partial; a result judged in the portal is the whole list by construction."""
    counts = dict(ResultRow.objects.filter(result__in=[r.pk for r in results], selected=True)
                  .values("result").annotate(n=Count("pk")).values_list("result", "n"))
    out = {}
    for result in results:
        count = counts.get(result.pk, 0)
        official = reference.official_size(result.round.competition.year, result.round.tier)
        archive = (result.round_settings or {}).get("source") == ARCHIVE_SOURCE
        out[result.pk] = {"count": count, "official": official,
                          "partial": bool(archive and official and count < official)}
    return out


def leaderboard_rows(result, *, filters=None):
    """The selected rows of a published result, with everything a row shows."""
    rows = (
        ResultRow.objects.filter(result=result, selected=True)
        .select_related(
            "entry__innovation__agency__province", "entry__category",
        )
        .only(
            "rank", "shared_rank", "score", "selected", "result_id", "source", "cluster",
            "reason_code", "reason_params",
            "entry__id", "entry__group", "entry__category__name_id",
            "entry__category__name_en", "entry__category__slug",
            "entry__innovation__id", "entry__innovation__title",
            "entry__innovation__slug", "entry__innovation__live",
            "entry__innovation__agency__name", "entry__innovation__agency__slug",
            "entry__innovation__agency__agency_type",
            "entry__innovation__agency__province__name",
            "entry__innovation__agency__province__code",
        )
        .order_by("rank", "entry__innovation__title", "pk")
    )
    filters = filters or {}
    if filters.get("kategori"):
        rows = rows.filter(entry__category__slug=filters["kategori"])
    if filters.get("jenis"):
        rows = rows.filter(entry__innovation__agency__agency_type=filters["jenis"])
    if filters.get("provinsi"):
        rows = rows.filter(entry__innovation__agency__province_id=filters["provinsi"])
    return rows


def quota_notes(result, rows):
    """The published reasons about quotas: each row given its seat to meet a minimum gets
    ``quota_reason``; the result's unmet minimums and the panel's note accepting them
    (from the snapshot). No query."""
    for row in rows:
        row.quota_reason = (reason_text(row.reason_code, row.reason_params or {})
                            if row.reason_code == "selected_quota_min" else "")
    outcome = (result.round_settings or {}).get("quota_outcome") or {}
    return {"unmet": [unmet_text(item) for item in outcome.get("unmet_minimums", [])],
            "note": outcome.get("panel_note", ""),
            "seats": len(outcome.get("quota_seats", []))}


def clean_filters(params):
    """Keep only known filter values, so a bad query string never errors."""
    cleaned = {}
    if params.get("kategori") and Category.objects.filter(slug=params["kategori"]).exists():
        cleaned["kategori"] = params["kategori"]
    if params.get("jenis") in AgencyType.values:
        cleaned["jenis"] = params["jenis"]
    if params.get("provinsi") and Province.objects.filter(code=params["provinsi"]).exists():
        cleaned["provinsi"] = params["provinsi"]
    return cleaned


def filter_options(result):
    """Categories and provinces that occur in the result (two queries)."""
    in_result = ResultRow.objects.filter(result=result, selected=True)
    categories = Category.objects.filter(
        Exists(in_result.filter(entry__category=OuterRef("pk")))
    ).order_by("sort_order", "name_id")
    provinces = Province.objects.filter(
        Exists(in_result.filter(entry__innovation__agency__province=OuterRef("pk")))
    ).order_by("name")
    return {
        "categories": list(categories),
        "agency_types": AgencyType.choices,
        "provinces": list(provinces),
    }


def row_record(row, *, tier, publish_scores, innovation_url=None):
    """One row as plain data: what CSV, JSON and the API publish."""
    innovation = row.entry.innovation
    agency = innovation.agency
    category = row.entry.category
    return {
        "rank": row.rank,
        "innovation": innovation.title,
        "innovation_url": innovation_url,
        "agency": agency.name,
        "agency_type": agency.agency_type,
        "province": agency.province.name if agency.province_id else "",
        "category": category.name if category else "",
        "tier": tier,
        "source": row.source,
        "score": round(row.score, 2) if publish_scores and row.score is not None else None,
    }


def count_by(rows, key):
    """(label, count) pairs, largest first then by label, for a chart."""
    counts = Counter(key(row) for row in rows)
    return sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))


def agency_type_counts(rows):
    labels = dict(AgencyType.choices)
    return [(str(labels.get(code, code)), n)
            for code, n in count_by(rows, lambda r: r.entry.innovation.agency.agency_type)]


def province_counts(rows):
    national = _("National")
    return count_by(
        rows,
        lambda r: (r.entry.innovation.agency.province.name
                   if r.entry.innovation.agency.province_id else national),
    )


def editions_with_results():
    """Rounds with a published tier, for the index page (one query)."""
    return (Round.objects.filter(results__published=True).exclude(tier="")
            .select_related("competition").order_by("-competition__year", "order"))


def _withheld(rows):
    """The innovations among ``rows`` that the blind rule withholds now (an earlier winner
    entered again in an edition still judging blind): no link to a profile that answers
    404. One query, whatever the number of rows."""
    ids = {row.entry.innovation_id for row in rows}
    if not ids:
        return set()
    return set(withheld_innovations().filter(innovation_id__in=ids)
               .values_list("innovation_id", flat=True))


def attach_links(request, rows):
    """Innovation and agency links, in the visitor's language, for public profiles only."""
    innovation_base = localized_index_url(request, InnovationIndexPage)
    agency_base = localized_index_url(request, AgencyIndexPage)
    withheld = _withheld(rows)
    for row in rows:
        innovation = row.entry.innovation
        live = innovation.live and innovation.pk not in withheld
        row.innovation_url = child_url(innovation_base, innovation.slug) if live else None
        row.agency_url = agency_url(agency_base, innovation.agency.slug)
    return rows


def records(request, result, rows):
    """The rows of a published result as plain records (CSV/JSON downloads, the API)."""
    innovation_base = localized_index_url(request, InnovationIndexPage)
    rows = list(rows)
    withheld = _withheld(rows)
    out = []
    for row in rows:
        innovation = row.entry.innovation
        url = None
        if innovation_base and innovation.live and innovation.pk not in withheld:
            url = request.build_absolute_uri(child_url(innovation_base, innovation.slug))
        out.append(row_record(row, tier=result.round.tier, innovation_url=url,
                                 publish_scores=result.round.publish_scores))
    return out
