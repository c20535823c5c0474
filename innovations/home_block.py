"""The home page's featured-innovations block (registered in InnovationsConfig.ready)."""

from django.db.models import Count, Exists, OuterRef

from innovations.models import InnovationGalleryImage, InnovationIndexPage
from innovations.queries import (
    attach_urls,
    listed_innovations,
    localized_index_url,
    public_innovations,
    with_card_data,
)

FEATURED_COUNT = 4


def featured_innovations_block(*, page, request):
    """The latest live innovations with a picture, and how many innovations, agencies
    and provinces the database holds: what its listing shows (one aggregate query over
    the listing's narrow rows, one per innovation)."""
    innovations = public_innovations()
    counts = listed_innovations().aggregate(
        innovations=Count("pk"),
        agencies=Count("agency", distinct=True),
        provinces=Count("agency__province", distinct=True),
    )
    featured = list(
        with_card_data(
            innovations.filter(
                Exists(InnovationGalleryImage.objects.filter(page=OuterRef("pk")))
            ).order_by("-first_published_at", "-pk")
        )[:FEATURED_COUNT]
    )
    listing_url = localized_index_url(request, InnovationIndexPage)
    attach_urls(featured, base_url=listing_url)
    return {
        "template": "innovations/includes/home_featured.html",
        "innovations": featured,
        "counts": counts,
        "listing_url": listing_url,
    }
