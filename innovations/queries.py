"""Reads shared by several screens: the live public innovations, what a card shows, and
the visitor's index URLs. Used by the innovation database (innovations/views.py), the
home-page block and judging's public pages; views import from here, never from each other.
"""

from django.db.models import Prefetch
from django.utils.translation import get_language
from wagtail.images import get_image_model
from wagtail.models import Locale

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

# As the {% picture %} tag of the card names them (format first).
CARD_IMAGE_FILTERS = ("format-avif|fill-400x225", "format-webp|fill-400x225",
                      "format-jpeg|fill-400x225")


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
    from wagtail.models import Page

    return (ListedInnovation.objects.filter(path__startswith=path, depth=depth + 1)
            .exclude(Page.objects.all().private_q())
            .exclude(pk__in=withheld_innovations()))


def listed_innovations():
    """The listing's rows of the innovation database in the default language: what its
    listing shows (``listing_scope`` of the default-language index), read from the narrow
    table. The index's place in the tree is kept in the shared cache until the next
    publish (or move); no index, no rows."""
    def place():
        index = live_index_page(InnovationIndexPage, locale=Locale.get_default())
        return None if index is None else (index.path, index.depth)

    found = page_cache.cached("listing-index", place)
    if found is None:
        return ListedInnovation.objects.none()
    path, depth = found
    return _listed_under(path=path, depth=depth)


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
    """The URL of the index page of this model in the visitor's language (cached per
    request, and in the shared cache until the next publish: portal/page_cache.py)."""
    cache = request.__dict__.setdefault("_innovations_index_urls", {})
    if model not in cache:
        cache[model] = page_cache.cached(
            f"index-url:{model._meta.label}:{get_language()}:{request.get_host()}",
            lambda: _index_url(request, model))
    return cache[model]


def live_index_page(model, *, locale):
    """The first live page of an index ``model`` (a type with a handful of pages) in
    ``locale``, by tree order; None when there is none.

    ``model.objects.live().filter(locale=…).first()`` joins the specific table to
    wagtailcore_page and orders by path: PostgreSQL then walks the whole page tree in path
    order (every innovation profile) until it meets an index page, 38 ms at 10,000
    profiles. Reading the few ids of the model's own table first makes it two index
    lookups."""
    ids = list(model.objects.values_list("pk", flat=True))
    if not ids:
        return None
    return model.objects.live().filter(pk__in=ids, locale=locale).order_by("path").first()


def _index_url(request, model):
    index = (live_index_page(model, locale=Locale.get_active())
             or live_index_page(model, locale=Locale.get_default()))
    return index.get_url(request=request) if index else None


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
