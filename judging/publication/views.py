"""Public views of the competitions: editions, leaderboards, downloads, certificates.

Thin functions: the page models (judging.models.publication) and judging/publication/urls.py
call them; what may be shown comes from judging.publication.leaderboards (published results only).
"""

import csv

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from innovations.models import InnovationGroup
from judging.models import (
    Competition,
    CompetitionPage,
    ObjectionWindow,
    Round,
    RoundKind,
    RoundStatus,
    reference,
)
from judging.models.publication import tier_from_slug, tier_slug
from judging.publication import leaderboards as lb
from judging.publication.certificates import (
    awarded_row_for_code,
    certificate_code,
    certificate_facts,
    removal_for_code,
    render_pdf,
    withdrawal_for_code,
)
from judging.publication.charts import bar_chart
from judging.publication.objections import objection_outcomes
from portal.spreadsheet import neutralise


def edition_pages(index):
    """Live edition pages under this index, newest first, with their competition."""
    return (CompetitionPage.objects.child_of(index).live().public()
            .select_related("competition").order_by("-competition__year"))


def competition_list(request, *, index):
    pages = list(edition_pages(index))
    tiers = {}
    for round_ in lb.editions_with_results():
        tiers.setdefault(round_.competition_id, []).append(round_)
    for page in pages:
        page.facts = reference.edition(page.competition.year)
        page.tier_links = [
            {"label": round_.get_tier_display(),
             "url": page.tier_url(request, tier_slug=tier_slug(round_.tier))}
            for round_ in tiers.get(page.competition_id, [])
        ]
    decade = [edition for year, edition in sorted(reference.editions().items())]
    return index.render(request, context_overrides={"editions": pages, "decade": decade},
                        template="judging/competition_index_page.html")


def tier_links(request, page, results):
    """Links to each published tier, with how many of its official size are known."""
    counts = lb.known_counts(results)
    return [{"label": result.round.get_tier_display(), "tier": result.round.tier,
             "slug": tier_slug(result.round.tier),
             "url": page.tier_url(request, tier_slug=tier_slug(result.round.tier)),
             **counts[result.pk]} for result in results]


def public_round_status(round_, *, published_tiers):
    """A round's state in the words a visitor uses, never the secretariat's workflow words
    (draft, closed, finalised): a finalised round that grants a tier is "results
    announced" only once that tier is published (``published_tiers``)."""
    if round_.status == RoundStatus.DRAFT:
        return _("Upcoming")
    if round_.status == RoundStatus.OPEN:
        return _("In progress")
    if round_.tier:
        if round_.status == RoundStatus.FINALISED and round_.tier in published_tiers:
            return _("Results announced")
        return _("Results being prepared")
    if round_.status == RoundStatus.FINALISED:
        return _("Completed")
    return _("Being assessed")


def competition_overview(request, *, page):
    competition = page.competition
    rounds = list(
        Round.objects.filter(competition=competition).select_related("rubric")
        .prefetch_related("rubric__criteria").order_by("order")
    )
    published = lb.published_tiers(competition)
    published_tiers = {result.round.tier for result in published}
    # The public dates of each round besides its own: the objection period of its list
    # (provisional lists are public while it runs) and the day its tier was announced.
    windows = {window.result.round_id: window for window in ObjectionWindow.objects.filter(
        result__round__competition=competition).select_related("result").order_by("opens_at")}
    announced = {result.round_id: result.published_at for result in published}
    for round_ in rounds:
        round_.public_status = public_round_status(round_, published_tiers=published_tiers)
        round_.objection_window = windows.get(round_.pk)
        round_.announced_at = announced.get(round_.pk)
    rubrics, seen = [], set()
    for round_ in rounds:
        if round_.rubric_id and round_.rubric_id not in seen:
            seen.add(round_.rubric_id)
            criteria = list(round_.rubric.criteria.all())
            total = sum(c.weight for c in criteria) or 1
            for criterion in criteria:
                criterion.share = float(criterion.weight) * 100 / float(total)
            rubrics.append({"round": round_, "rubric": round_.rubric, "criteria": criteria})
    groups = dict(InnovationGroup.choices)
    return page.render(request, template="judging/competition_page.html", context_overrides={
        "competition": competition,
        "rounds": rounds,
        "rubrics": rubrics,
        "groups": [groups.get(code, code) for code in competition.groups],
        "categories": list(competition.categories.order_by("sort_order", "name_id")),
        "tiers": tier_links(request, page, published),
        "kinds": RoundKind,
        "edition_facts": reference.edition(competition.year),
        "method_url": page.get_parent().specific.route_url(request, "judging_method"),
    })


def leaderboard(request, *, page, tier_slug):
    tier = tier_from_slug(tier_slug)
    if tier is None:
        raise Http404
    published = lb.published_tiers(page.competition)
    result = lb.get_published_result(competition=page.competition, tier=tier, results=published)
    filters = lb.clean_filters(request.GET)
    rows = lb.attach_links(request, list(lb.leaderboard_rows(result, filters=filters)))
    for row in rows:
        row.certificate_url = reverse("judging:certificate_pdf", kwargs={
            "year": page.competition.year, "code": certificate_code(row)})
    quota = lb.quota_notes(result, rows)
    options = lb.filter_options(result)
    tiers = tier_links(request, page, published)
    data_url = reverse("judging:leaderboard_data", kwargs={
        "year": page.competition.year, "tier_slug": tier_slug, "fmt": "csv"})
    query = request.GET.urlencode()
    return page.render(request, template="judging/leaderboard.html", context_overrides={
        "competition": page.competition,
        "result": result,
        "round": result.round,
        "rows": rows,
        "quota": quota,
        "filters": filters,
        "options": options,
        "show_scores": result.round.publish_scores,
        "type_chart": bar_chart(lb.agency_type_counts(rows)),
        "province_chart": bar_chart(lb.province_counts(rows)),
        "tiers": tiers,
        "current": next(item for item in tiers if item["tier"] == tier),
        "show_ranks": any(row.rank for row in rows),
        "show_sources": any(row.source for row in rows),
        "current_tier": tier,
        "csv_url": data_url + (f"?{query}" if query else ""),
        "json_url": data_url[:-3] + "json" + (f"?{query}" if query else ""),
        "overview_url": page.get_url(request=request),
        "outcomes": objection_outcomes(result.round),
    })


def leaderboard_data(request, *, year, tier_slug, fmt):
    """The published leaderboard as CSV or JSON (same filters as the page)."""
    competition = get_object_or_404(Competition, year=year)
    tier = tier_from_slug(tier_slug)
    if tier is None:
        raise Http404
    result = lb.get_published_result(competition=competition, tier=tier)
    rows = lb.records(request, result,
                   lb.leaderboard_rows(result, filters=lb.clean_filters(request.GET)))
    filename = f"{competition.slug}-{tier_slug}"
    if fmt == "json":
        response = JsonResponse({
            "competition": competition.name, "year": competition.year, "tier": tier,
            "published_at": result.published_at.isoformat() if result.published_at else None,
            "count": len(rows), "rows": rows,
        }, json_dumps_params={"ensure_ascii": False, "indent": 1})
        response["Content-Disposition"] = f'inline; filename="{filename}.json"'
        return response
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    fields = ["rank", "innovation", "innovation_url", "agency", "agency_type", "province",
              "category", "tier", "source"]
    if result.round.publish_scores:
        fields.append("score")
    writer = csv.DictWriter(response, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    writer.writerows({key: neutralise(value) for key, value in row.items()} for row in rows)
    return response


def verification_url(request, code):
    return request.build_absolute_uri(reverse("judging:verify_certificate", args=[code]))


def certificate_pdf(request, *, year, code):
    row = awarded_row_for_code(code)
    if row is None or row.result.round.competition.year != year:
        raise Http404
    pdf = render_pdf(row, verify_url=verification_url(request, code))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sertifikat-{code}.pdf"'
    return response


def verify_certificate(request, code):
    """Says whether a certificate is genuine: 200; withdrawn after a decision: 410 Gone
    with the date and reason; a forged code: the answer and a 404."""
    row = awarded_row_for_code(code)
    context = {"code": code, "genuine": row is not None}
    if row is None:
        context["withdrawn"] = withdrawal_for_code(code)
        removal = removal_for_code(code)
        if removal is not None:
            context["removed"] = {
                "innovation": removal.objection.entry.innovation.title,
                "tier": removal.result.round.get_tier_display() or removal.result.round.name,
                "competition": removal.result.round.competition.name,
                "objection": removal.objection_id}
    if row is not None:
        context["facts"] = certificate_facts(row)
        context["pdf_url"] = reverse("judging:certificate_pdf", kwargs={
            "year": row.result.round.competition.year, "code": code})
    if row is not None:
        status = 200
    elif context.get("withdrawn") or context.get("removed"):
        status = 410
    else:
        status = 404
    return TemplateResponse(request, "judging/verify_certificate.html", context,
                            status=status)
