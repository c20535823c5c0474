"""Image renditions made by the task worker when a page is published, not by its first
visitor.

Wagtail makes a rendition the first time a template asks for it, inside that request.
Every public picture comes in three formats (AVIF, WebP, JPEG) and up to three sizes, and
AVIF is slow to encode: for one 960 x 600 demo photo, 67 ms at 400 x 225 and 130 ms at
1120 wide. So the first visitor of an innovation with five photos waited for 33
renditions, over a second with camera-sized photos, and held an app server's worker
meanwhile. On results day that visitor is everyone at once.

A page model that shows images to the public says which, in ``public_renditions()``:
(image id, filter specs written as its templates write them, braces and all). When such a
page is published, ``prepare_page_renditions`` is queued once the transaction commits;
it makes the missing renditions (``Image.get_renditions``, which skips those that exist
and ignores a duplicate made meanwhile by a visitor or another task). A photo whose file
is gone is skipped: its page shows what Wagtail shows for it, as before. Nothing is
queued when a publication is rolled back.
"""

import logging

from django.db import transaction
from django_tasks import task
from wagtail.images import get_image_model
from wagtail.images.models import Filter

logger = logging.getLogger(__name__)


def filter_specs(*specs):
    """The rendition filter specs a template's ``{% picture %}`` or ``{% image %}`` asks
    for with each of ``specs`` ("format-{avif,webp,jpeg} fill-400x225" is three)."""
    return [spec for pattern in specs for spec in Filter.expand_spec(pattern)]


def prepare(*, images):
    """Make the missing renditions of ``images``: [(image id, [spec pattern, ...])] (None
    for no image; an image listed twice gets the union), the images and the renditions
    they have read in one query each, however many there are. Returns how many
    renditions the images have among those asked for once done."""
    wanted = {}
    for image_id, patterns in images:
        if image_id is not None:
            wanted.setdefault(image_id, set()).update(filter_specs(*patterns))
    ready = 0
    for image in (get_image_model().objects.filter(pk__in=wanted).order_by("pk")
                  .prefetch_renditions()):
        try:
            ready += len(image.get_renditions(*sorted(wanted[image.pk])))
        except OSError as error:  # Wagtail's SourceImageIOError: the file is gone
            logger.warning("Renditions of image %s not made: %s", image.pk, error)
    return ready


@task()
def prepare_page_renditions(page_id):
    """The django-tasks entry point: the renditions of page ``page_id`` as it is now (a
    page unpublished or deleted meanwhile needs none)."""
    from wagtail.models import Page

    page = Page.objects.live().filter(pk=page_id).specific().first()
    if page is None or not hasattr(page, "public_renditions"):
        return 0
    return prepare(images=page.public_renditions())


def _queue(sender, instance, **_kwargs):
    """On publication: queue the task once the transaction commits, for a page that shows
    a picture (its gallery is in memory here: no query; an archive import publishing
    thousands of profiles without photos queues nothing)."""
    if not hasattr(instance, "public_renditions"):
        return
    if any(image_id is not None for image_id, _patterns in instance.public_renditions()):
        page_id = instance.pk
        transaction.on_commit(lambda: prepare_page_renditions.enqueue(page_id=page_id))


def connect_signals():
    from wagtail.signals import page_published

    page_published.connect(_queue, dispatch_uid="portal_renditions_published")
