"""Read-only open-data API under /api/v2/.

- /api/v2/pages/ : Wagtail API v2 (live, public pages only; ?type=innovations.InnovationPage).
- /api/v2/agencies/ and /api/v2/agencies/<id>/ : agencies.
- /api/v2/leaderboards/ and /api/v2/leaderboards/<id>/ : published results and their rows.

Paginated with ?limit= (at most 100) and ?offset=, in the same shape as Wagtail's
API ({"meta": {"total_count": n}, "items": [...]}). Leaderboards come only from
judging.publication.leaderboards.published_results(), so an unpublished result is a 404 here too.
"""

from django.http import Http404, JsonResponse
from django.urls import path, reverse
from django.views.decorators.http import require_GET
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from innovations.models import Agency
from judging.models.publication import tier_slug
from judging.publication import leaderboards as lb

MAX_LIMIT = 100
DEFAULT_LIMIT = 20

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)


def paginate(request, queryset):
    """(total, slice) for ?limit=&offset=; bad numbers fall back to the defaults."""
    try:
        limit = min(max(int(request.GET.get("limit", DEFAULT_LIMIT)), 1), MAX_LIMIT)
    except ValueError:
        limit = DEFAULT_LIMIT
    try:
        offset = max(int(request.GET.get("offset", 0)), 0)
    except ValueError:
        offset = 0
    return queryset.count(), queryset[offset:offset + limit]


def listing(total, items):
    return JsonResponse({"meta": {"total_count": total}, "items": items},
                        json_dumps_params={"ensure_ascii": False})


def agency_record(request, agency):
    return {
        "id": agency.pk,
        "name": agency.name,
        "slug": agency.slug,
        "agency_type": agency.agency_type,
        "province": ({"code": agency.province_id, "name": agency.province.name}
                     if agency.province_id else None),
        "website": agency.website,
        "detail_url": request.build_absolute_uri(reverse("api_agency_detail", args=[agency.pk])),
    }


@require_GET
def agency_list(request):
    agencies = Agency.objects.select_related("province").order_by("name", "pk")
    if request.GET.get("agency_type"):
        agencies = agencies.filter(agency_type=request.GET["agency_type"])
    if request.GET.get("province"):
        agencies = agencies.filter(province_id=request.GET["province"])
    total, page = paginate(request, agencies)
    return listing(total, [agency_record(request, agency) for agency in page])


@require_GET
def agency_detail(request, pk):
    agency = Agency.objects.select_related("province").filter(pk=pk).first()
    if agency is None:
        raise Http404
    return JsonResponse(agency_record(request, agency), json_dumps_params={"ensure_ascii": False})


def result_record(request, result):
    competition = result.round.competition
    slug = tier_slug(result.round.tier)
    data_url = reverse("judging:leaderboard_data",
                       kwargs={"year": competition.year, "tier_slug": slug, "fmt": "csv"})
    return {
        "id": result.pk,
        "competition": competition.name,
        "year": competition.year,
        "tier": result.round.tier,
        "round": result.round.name,
        "published_at": result.published_at.isoformat() if result.published_at else None,
        "scores_published": result.round.publish_scores,
        "detail_url": request.build_absolute_uri(
            reverse("api_leaderboard_detail", args=[result.pk])),
        "csv_url": request.build_absolute_uri(data_url),
        "json_url": request.build_absolute_uri(data_url[:-3] + "json"),
    }


@require_GET
def leaderboard_list(request):
    results = lb.published_results().order_by("-round__competition__year", "round__order")
    if request.GET.get("year", "").isdigit():
        results = results.filter(round__competition__year=int(request.GET["year"]))
    total, page = paginate(request, results)
    return listing(total, [result_record(request, result) for result in page])


@require_GET
def leaderboard_detail(request, pk):
    result = lb.published_results().filter(pk=pk).first()
    if result is None:
        raise Http404
    total, page = paginate(request, lb.leaderboard_rows(result))
    data = result_record(request, result)
    data["meta"] = {"total_count": total}
    data["items"] = lb.records(request, result, page)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


urlpatterns = [
    path("agencies/", agency_list, name="api_agency_list"),
    path("agencies/<int:pk>/", agency_detail, name="api_agency_detail"),
    path("leaderboards/", leaderboard_list, name="api_leaderboard_list"),
    path("leaderboards/<int:pk>/", leaderboard_detail, name="api_leaderboard_detail"),
    path("", api_router.urls),
]
