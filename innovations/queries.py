"""Reads shared by several screens: the live public innovations, what a card shows, and
the visitor's index URLs. Used by the innovation database (innovations/views.py), the
home-page block and judging's public pages; views import from here, never from each other.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, Value
from django.utils.translation import get_language
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from innovations.models import (
    Achievement,
    AgencyIndexPage,
    InnovationGalleryImage,
    InnovationIndexPage,
    InnovationPage,
    ListedInnovation,
)
from judging.models.blind import withheld_innovations
from portal import page_cache
from portal.renditions import filter_specs

# As the {% picture %} tag of the card names them (format first).
CARD_IMAGE_FILTERS = tuple(filter_specs(InnovationPage.CARD_PICTURE))


def public_innovations(*, index=None):
    """Live, public innovation profiles in the default language (the originals), less
    those the blind rule withholds (judging/services/blind.py explains the rule)."""
    queryset = InnovationPage.objects.live().public().exclude(pk__in=withheld_innovations())
    if index is not None:
        return queryset.child_of(index)
    return queryset.filter(locale=Locale.get_default())


def listing_scope(*, index):
    """The listing's rows (ListedInnovation) of the profiles ``public_innovations(index=...)``
    gives: live children of the index (the table holds live pages only), less the private
    sections and those the blind rule withholds."""
    return _listed_under(path=index.path, depth=index.depth)


def _listed_under(*, path, depth):
    return (ListedInnovation.objects.filter(path__startswith=path, depth=depth + 1)
            .exclude(Page.objects.all().private_q())
            .exclude(pk__in=withheld_innovations()))


def listed_innovations():
    """The listing's rows of the innovation database in the default language: what its
    listing shows (``listing_scope`` of the default-language index), read from the narrow
    table; no index, no rows."""
    place = index_places(InnovationIndexPage).get((InnovationIndexPage._meta.label,
                                                   Locale.get_default().pk))
    if place is None:
        return ListedInnovation.objects.none()
    return _listed_under(path=place.path, depth=place.depth)


def with_card_data(queryset):
    """What an innovation card shows, fetched in a fixed number of queries."""
    images = get_image_model().objects.prefetch_renditions(*CARD_IMAGE_FILTERS)
    return queryset.select_related("agency", "agency__province", "category").prefetch_related(
        Prefetch(
            "gallery_images",
            queryset=InnovationGalleryImage.objects.order_by("sort_order").prefetch_related(
                Prefetch("image", queryset=images)
            ),
        ),
        Prefetch("achievements", queryset=Achievement.objects.order_by("-year", "tier")),
    )


def localized_index_url(request, model):
    """The URL of the index page of ``model`` in the visitor's language, else in the
    default language; None when there is none. Every index model's URL for this language
    and host is worked out at once (``index_places``: one query after a purge, none after
    that), cached per request and in the shared cache until the next publish
    (portal/page_cache.py)."""
    register_index_model(model)
    key = f"{get_language()}:{request.get_host()}"
    memo = request.__dict__.setdefault("_innovations_index_urls", {})
    if key not in memo:
        memo[key] = page_cache.cached(f"index-urls:{key}:{_labels()}",
                                      lambda: _index_urls(request))
    return memo[key].get(model._meta.label)


# The index page types whose place and URL public pages ask for: one query reads them
# all. Judging registers its own in its AppConfig.ready (this module does not import
# judging's page models); a model asked for first here is registered then.
INDEX_MODELS = [InnovationIndexPage, AgencyIndexPage]


def register_index_model(model):
    if model not in INDEX_MODELS:
        INDEX_MODELS.append(model)


def _labels():
    return ",".join(sorted(model._meta.label for model in INDEX_MODELS))


@dataclass(frozen=True)
class IndexPlace:
    pk: int
    path: str
    depth: int
    url_path: str
    locale_id: int


def index_places(model=None):
    """{(model label, locale id): IndexPlace} of the first live page of each index model
    (``INDEX_MODELS``, with ``model``) in each locale, by tree order: what
    ``model.objects.live().filter(locale=…).order_by("path").first()`` finds, but in two
    queries for every model and locale, kept in the shared cache until the next publish or
    move. That ORM expression joins to wagtailcore_page in path order, and PostgreSQL
    walks the whole page tree (every profile) to meet an index page: 38 ms at 10,000
    profiles. Here each model's own few rows are read, and their pages by id."""
    if model is not None:
        register_index_model(model)
    return page_cache.cached(f"index-places:{_labels()}", _read_index_places)


def _read_index_places():
    # Two reads: the ids in each model's own table (a few rows), then their pages by
    # primary key. One join would be planned from the tables' statistics, and autovacuum
    # never analyses a table of two rows: PostgreSQL then guesses 1,270 rows and hashes
    # the whole page tree.
    parts = [model.objects.order_by().annotate(index_model=Value(model._meta.label))
             .values_list("pk", "index_model") for model in INDEX_MODELS]
    labels = dict(parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0])
    places = {}
    pages = (Page.objects.filter(pk__in=list(labels), live=True).order_by("path")
             .values_list("pk", "path", "depth", "url_path", "locale_id"))
    for pk, path, depth, url_path, locale_id in pages:
        places.setdefault((labels[pk], locale_id),
                          IndexPlace(pk, path, depth, url_path, locale_id))
    return places


def _index_urls(request):
    """{model label: URL} of every index model, the visitor's language first."""
    places = index_places()
    active, default = Locale.get_active().pk, Locale.get_default().pk
    urls = {}
    for model in INDEX_MODELS:
        label = model._meta.label
        place = places.get((label, active)) or places.get((label, default))
        if place is None:
            urls[label] = None
            continue
        # What Wagtail's get_url reads of a page: its url_path (the site's root paths
        # come from Wagtail's own cache); no query.
        page = Page(id=place.pk, path=place.path, depth=place.depth,
                    url_path=place.url_path, locale_id=place.locale_id)
        urls[label] = page.get_url(request=request)
    return urls


def child_url(base_url, slug):
    """A child page's URL from its parent's (Wagtail: parent URL + slug + "/"), so a list
    of profiles needs one URL lookup, not one per row; None without a parent URL."""
    return f"{base_url}{slug}/" if base_url else None


def route_url(base_url, page_class, route, **kwargs):
    """A routable page's sub-URL (reverse_subpage of ``route``) under its URL ``base_url``."""
    if not base_url:
        return None
    return base_url + page_class.get_resolver().reverse(route, **kwargs)


def agency_url(base_url, slug):
    """An agency's public page under the agency index at ``base_url``."""
    return route_url(base_url, AgencyIndexPage, "agency_detail", slug=slug)


def attach_urls(innovations, *, base_url):
    """Profile links under the visitor's index: children's URLs are parent URL + slug."""
    for innovation in innovations:
        innovation.public_url = child_url(base_url, innovation.slug)
        gallery = list(innovation.gallery_images.all())
        innovation.cover = gallery[0].image if gallery else None
    return innovations
