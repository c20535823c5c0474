"""Public pages of the innovation database: the listing, profiles and agencies.

Thin functions called by the page models (InnovationIndexPage, InnovationPage,
AgencyIndexPage). Every query here is bounded: listings fetch one page of rows and
their related data with a fixed number of queries, whatever the number of rows.
The unit workspace lives in innovations/workspace/, not here.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from innovations.filters import (
    PAGE_SIZE,
    RELEVANCE,
    RELEVANCE_ORDER,
    SORTS,
    Counted,
    InnovationFilterSet,
    ListingFilterSet,
    PageRequest,
    clean_query,
    facet_options,
    ranked_by_relevance,
    sort_order,
)
from innovations.models import (
    Achievement,
    Agency,
    AgencyIndexPage,
    AgencyType,
    InnovationIndexPage,
    InnovationPage,
    ListedInnovation,
    Province,
)
from innovations.queries import (
    agency_url,
    attach_urls,
    child_url,
    listing_scope,
    localized_index_url,
    public_innovations,
    with_card_data,
)


def innovation_listing_context(*, request, index):
    """The filtered, sorted, paginated listing with facet counts for an index page.

    Filters, counts and the page's ids come from the listing's narrow rows
    (queries.listing_scope); the profiles shown are then read through the live, public
    pages, so a row out of step with its page can never show an unpublished one."""
    source = index.source_index()
    base = public_innovations(index=source) if source else InnovationPage.objects.none()
    listed = listing_scope(index=source) if source else ListedInnovation.objects.none()
    data = request.GET.copy()
    filterset = ListingFilterSet(data, queryset=listed)
    results = filterset.qs
    filterset.is_valid()  # invalid parameters are ignored; the valid ones still apply
    query = clean_query(filterset.form.cleaned_data.get("q"))
    sort = data.get("urutan") or (RELEVANCE if query else "terbaru")
    if sort == RELEVANCE and query:
        results = ranked_by_relevance(query, results)
        order = RELEVANCE_ORDER
    else:
        if sort not in SORTS:
            sort = "terbaru"
        results = results.order_by(*SORTS[sort][1])
        order = sort_order(SORTS[sort][1])
    # The page asked for comes with the counts, from the same rows; a number past the
    # last page (the paginator shows the last) is read on its own.
    number = _page_number(data.get("halaman"))
    facets, total, ids = facet_options(
        data=data, queryset=listed, matched=filterset.matched,
        page=PageRequest(order=order, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE,
                         relevance_to=query))
    paginator = Paginator(Counted(results.values_list("pk", flat=True), count=total,
                                  known=((number - 1) * PAGE_SIZE, PAGE_SIZE, ids)), PAGE_SIZE)
    page_obj = paginator.get_page(data.get("halaman"))
    ids = list(page_obj.object_list)
    shown = {page.pk: page for page in with_card_data(base.filter(pk__in=ids))} if ids else {}
    page_obj.object_list = [shown[pk] for pk in ids if pk in shown]
    attach_urls(page_obj.object_list, base_url=index.get_url(request=request))
    sorts = [(key, label) for key, (label, _ordering) in SORTS.items()]
    if query:
        sorts.insert(0, (RELEVANCE, _("Relevance")))
    active = [name for name in InnovationFilterSet.base_filters if data.get(name)]
    return {
        "filterset": filterset,
        "query": query,
        "sort_chosen": bool(data.get("urutan")),
        "facets": facets,
        "sorts": sorts,
        "sort": sort,
        "page_obj": page_obj,
        "result_count": paginator.count,
        "has_filters": bool(active),
    }


def _page_number(value):
    """The page number as Paginator.get_page reads it (1 when not a whole number)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def innovation_detail_context(*, request, page):
    """Everything the profile shows, in a fixed number of queries."""
    images = get_image_model().objects.prefetch_renditions()
    gallery = list(
        page.gallery_images.order_by("sort_order").prefetch_related(
            Prefetch("image", queryset=images)
        )
    )
    # The agency, unit and category in one query.
    related = (InnovationPage.objects.select_related("agency__province", "agency__logo", "unit",
                                                    "category")
               .only("pk", "agency", "unit", "category").get(pk=page.pk))
    agency = related.agency
    replicates = None
    if page.replicates_id:
        replicates = public_innovations().filter(pk=page.replicates_id).first()
    base_url = localized_index_url(request, InnovationIndexPage)
    replications = list(public_innovations().filter(replicates=page).select_related("agency")
                        .order_by("year", "title"))
    for linked in [replicates, *replications]:
        if linked is not None:
            linked.public_url = child_url(base_url, linked.slug)
    agency_base = localized_index_url(request, AgencyIndexPage)
    return {
        "agency": agency,
        "agency_url": agency_url(agency_base, agency.slug),
        "unit": related.unit,
        "category": related.category,
        "sdgs": list(page.sdgs.order_by("number")),
        "gallery": gallery,
        "documents": list(page.documents.select_related("document").order_by("sort_order")),
        "indicators": list(page.indicators.order_by("sort_order")),
        "achievements": list(page.achievements.order_by("-year", "tier")),
        "replicates": replicates,
        "replications": replications,
        "status_updates": list(page.status_updates.all()),
        "sections": page_sections(page),
        "index_url": base_url,
    }


def page_sections(page):
    """The non-empty proposal sections after the summary, in proposal order."""
    from innovations.sections import SECTIONS

    return [
        {"key": section.key, "label": section.label, "text": getattr(page, section.key)}
        for section in SECTIONS
        if section.key != "summary" and getattr(page, section.key).strip()
    ]


AGENCY_PAGE_SIZE = 48


def agency_list(request, *, index):
    """All agencies with live innovations counted, filtered by type and province.

    The page's agencies are read first (by name, the count of the filtered agencies for
    the paginator), then their live innovations are counted: only the 48 shown, not all
    500 agencies and every innovation before the page is cut."""
    agencies = Agency.objects.all()
    agency_type = request.GET.get("jenis", "")
    province = request.GET.get("provinsi", "")
    if agency_type in AgencyType.values:
        agencies = agencies.filter(agency_type=agency_type)
    else:
        agency_type = ""
    if province:
        agencies = agencies.filter(province_id=province)
    page_obj = Paginator(agencies.select_related("province", "logo").order_by("name", "pk"),
                         AGENCY_PAGE_SIZE).get_page(request.GET.get("halaman"))
    shown = list(page_obj.object_list)
    counts = dict(public_innovations().filter(agency__in=[agency.pk for agency in shown])
                  .order_by().values_list("agency_id").annotate(total=Count("pk")))
    base_url = index.get_url(request=request)
    for agency in shown:
        agency.innovation_count = counts.get(agency.pk, 0)
        agency.public_url = agency_url(base_url, agency.slug)
    page_obj.object_list = shown
    return index.render(
        request,
        template="innovations/agency_index_page.html",
        context_overrides={
            "page_obj": page_obj,
            "agency_types": AgencyType.choices,
            "provinces": Province.objects.filter(agencies__isnull=False).distinct()
            .order_by("name"),
            "selected_type": agency_type,
            "selected_province": province,
        },
    )


def agency_detail(request, *, index, slug):
    """One agency: its units, its live innovations (paginated) and its awards by year."""
    agency = Agency.objects.select_related("province", "logo").filter(slug=slug).first()
    if agency is None:
        raise Http404
    innovations = public_innovations().filter(agency=agency)
    live_ids = innovations.values("pk")
    units = list(
        agency.units.annotate(
            innovation_count=Count("innovations", filter=Q(innovations__in=live_ids))
        ).order_by("name")
    )
    page_obj = Paginator(
        with_card_data(innovations.order_by("-year", "title", "pk")), PAGE_SIZE
    ).get_page(request.GET.get("halaman"))
    attach_urls(page_obj.object_list,
                base_url=localized_index_url(request, InnovationIndexPage))
    achievements = list(
        Achievement.objects.filter(innovation__in=innovations.values("pk"))
        .select_related("innovation").only("year", "tier", "competition_name",
                                          "innovation__title", "innovation__slug")
        .order_by("-year", "tier", "innovation__title")
    )
    base_url = localized_index_url(request, InnovationIndexPage)
    awards_by_year = {}
    for achievement in achievements:
        achievement.innovation_url = child_url(base_url, achievement.innovation.slug)
        awards_by_year.setdefault(achievement.year, []).append(achievement)
    return index.render(
        request,
        template="innovations/agency_detail.html",
        context_overrides={
            "agency": agency,
            "units": units,
            "page_obj": page_obj,
            "awards_by_year": sorted(awards_by_year.items(), reverse=True),
            "innovation_count": page_obj.paginator.count,
            "listing_url": localized_index_url(request, InnovationIndexPage),
        },
    )
