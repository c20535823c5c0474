"""Read-only open-data API under /api/v2/.

- /api/v2/pages/ : Wagtail API v2 (live, public pages only, less the innovation profiles the
  blind rule withholds; ?type=innovations.InnovationPage).
- /api/v2/agencies/ and /api/v2/agencies/<id>/ : agencies.
- /api/v2/leaderboards/ and /api/v2/leaderboards/<id>/ : published results and their rows.

Paginated with ?limit= (0 to settings.WAGTAILAPI_LIMIT_MAX, 100) and ?offset= (0 to
settings.API_MAX_OFFSET), in the same shape as Wagtail's API ({"meta": {"total_count": n},
"items": [...]}). A limit or offset that is not a whole number in range is a 400 with
{"message": ...} on every endpoint, the pages endpoint included (``window``).
Leaderboards come only from judging.publication.leaderboards.published_results(), so an
unpublished result is a 404 here too.
"""

import re

from django.conf import settings
from django.http import Http404, JsonResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from innovations.models import Agency
from judging.models.blind import withheld_innovations
from judging.models.publication import tier_slug
from judging.publication import leaderboards as lb

DEFAULT_LIMIT = 20
_WHOLE = re.compile(r"[0-9]{1,20}")


class BadWindow(ValueError):
    """?limit= or ?offset= is not a whole number in range; str() is the message."""


def _whole(params, name, default, high):
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    value = int(raw) if _WHOLE.fullmatch(raw) else None
    if value is None or value > high:
        raise BadWindow(_("%(name)s must be a whole number from 0 to %(max)d.")
                        % {"name": name, "max": high})
    return value


def window(params):
    """(limit, offset) from the query string, or BadWindow with a message."""
    limit_max = settings.WAGTAILAPI_LIMIT_MAX
    limit = _whole(params, "limit", min(DEFAULT_LIMIT, limit_max), limit_max)
    offset = _whole(params, "offset", 0, settings.API_MAX_OFFSET)
    return limit, offset


class BoundedPagination(WagtailPagination):
    """Wagtail's pagination with the portal's bounds: a huge offset is a 400, not a
    database error (SQLite datatype mismatch, PostgreSQL bigint out of range)."""

    def paginate_queryset(self, queryset, request, view=None):
        try:
            limit, offset = window(request.GET)
        except BadWindow as error:
            raise BadRequestError(str(error)) from error
        self.view = view
        self.total_count = queryset.count()
        return queryset[offset:offset + limit]


class PortalPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint in a fixed number of queries: the public pages are found
    once per request (Wagtail asks three times) and each page's locale comes with it."""

    pagination_class = BoundedPagination

    def get_base_queryset(self):
        """Live, public pages less the profiles the blind rule withholds (listing,
        detail, child_of and find alike); built once per request."""
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = super().get_base_queryset().exclude(
                pk__in=withheld_innovations())
        return self._base_queryset.all()

    def get_queryset(self):
        return super().get_queryset().select_related("locale")


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)


def bad_request(error):
    return JsonResponse({"message": str(error)}, status=400,
                        json_dumps_params={"ensure_ascii": False})


def paginate(request, queryset):
    """(total, slice) for ?limit=&offset=; BadWindow when either is out of range."""
    limit, offset = window(request.GET)
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
    try:
        total, page = paginate(request, agencies)
    except BadWindow as error:
        return bad_request(error)
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
    try:
        total, page = paginate(request, results)
    except BadWindow as error:
        return bad_request(error)
    return listing(total, [result_record(request, result) for result in page])


@require_GET
def leaderboard_detail(request, pk):
    result = lb.published_results().filter(pk=pk).first()
    if result is None:
        raise Http404
    try:
        total, page = paginate(request, lb.leaderboard_rows(result))
    except BadWindow as error:
        return bad_request(error)
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
