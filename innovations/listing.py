"""Keeping innovations.models.ListedInnovation (the public listing's narrow table) in step
with the live pages.

A page's row is rewritten from the page itself whenever something that changes it happens:
the page saved (a publish saves it; so does an unpublish), published, unpublished or
moved (its path and its descendants'), a status update saved or deleted. A deleted page's
row goes with it (the foreign key cascades). A page that is not live has no row. On
PostgreSQL the row's search vectors come from the page's search index entry: copied here
when the row is written, and by the trigger of migration 0010 whenever the entry is written
later (Wagtail's indexing may run before or after the signals below).

``refresh_listing()`` without ids rebuilds the whole table; seed_demo calls it for the pages
it bulk-creates, and migration 0010 fills the table for existing data.

Inside ``deferred_refresh()`` the signals only note which rows changed, and they are
rewritten once on the way out: the archive import publishes hundreds of profiles in one
transaction, and each publication fired four rewrites of its row (saved as Page and as
InnovationPage, when added and when published, and published).
"""

import contextlib
import contextvars

from django.db import connection, transaction

CHUNK = 2000

# The ids noted inside deferred_refresh() (None outside it).
_deferred_ids = contextvars.ContextVar("innovations_listing_deferred", default=None)


@contextlib.contextmanager
def deferred_refresh():
    """Note the rows to rewrite while inside; rewrite them once when the block ends
    without an error (after an error the caller's transaction is rolled back anyway).
    Nested blocks belong to the outermost."""
    if _deferred_ids.get() is not None:
        yield
        return
    ids = set()
    token = _deferred_ids.set(ids)
    try:
        yield
    finally:
        _deferred_ids.reset(token)
    if ids:
        refresh_listing(page_ids=ids)


def _refresh(page_ids):
    noted = _deferred_ids.get()
    if noted is None:
        refresh_listing(page_ids=page_ids)
    else:
        noted.update(page_ids)


def refresh_listing(*, page_ids=None):
    """Rewrite the rows of these innovation pages (every page when None) from the pages."""
    from innovations.filters import latest_status
    from innovations.models import InnovationPage, ListedInnovation

    ids = None if page_ids is None else sorted({int(pk) for pk in page_ids})
    with transaction.atomic():
        if ids is None:
            ListedInnovation.objects.all().delete()
            chunks = [None]
        else:
            chunks = [ids[start:start + CHUNK] for start in range(0, len(ids), CHUNK)]
        for chunk in chunks:
            pages = InnovationPage.objects.filter(live=True)
            if chunk is not None:
                ListedInnovation.objects.filter(page_id__in=chunk).delete()
                pages = pages.filter(pk__in=chunk)
            rows = (pages.annotate(latest=latest_status()).order_by("pk")
                    .values_list("pk", "path", "depth", "first_published_at", "title", "year",
                                 "category_id", "group", "agency_id", "latest"))
            ListedInnovation.objects.bulk_create(
                [ListedInnovation(page_id=pk, path=path, depth=depth, first_published_at=first,
                                  title=title, year=year, category_id=category, group=group,
                                  agency_id=agency, latest_status=latest)
                 for pk, path, depth, first, title, year, category, group, agency, latest
                 in rows], batch_size=1000)
            if connection.vendor == "postgresql":
                _copy_vectors(chunk)


def _copy_vectors(page_ids):
    """The search vectors of these rows from their search index entries (PostgreSQL)."""
    from django.contrib.contenttypes.models import ContentType

    from innovations.models import InnovationPage

    content_type = ContentType.objects.get_for_model(InnovationPage)
    sql = ("UPDATE innovations_listedinnovation AS listed "
           "SET search_vector = entry.title || entry.body, title_vector = entry.title, "
           "title_norm = entry.title_norm FROM wagtailsearch_indexentry AS entry "
           "WHERE entry.content_type_id = %s AND entry.object_id = listed.page_id::text")
    params = [content_type.pk]
    if page_ids is not None:
        sql += " AND listed.page_id = ANY(%s)"
        params.append(list(page_ids))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _is_innovation(page):
    from innovations.models import InnovationPage

    return issubclass(page.specific_class or type(page), InnovationPage)


def _page_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    if _is_innovation(instance):
        _refresh([instance.pk])


def _page_moved(sender, instance, **kwargs):
    from wagtail.models import Page

    path = Page.objects.filter(pk=instance.pk).values_list("path", flat=True).first()
    if path is None:
        return
    moved = Page.objects.filter(path__startswith=path).values_list("pk", flat=True)
    _refresh(list(moved))


def _status_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    origin = kwargs.get("origin")
    if origin is not None and not isinstance(origin, sender) and not (
            hasattr(origin, "model") and issubclass(origin.model, sender)):
        return  # deleted with its page: the page's row goes too
    _refresh([instance.innovation_id])


def connect_signals():
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from innovations.models import InnovationPage, StatusUpdate

    post_save.connect(_page_changed, sender=InnovationPage,
                      dispatch_uid="innovations_listing_page_saved")
    post_save.connect(_page_changed, sender=Page, dispatch_uid="innovations_listing_base_saved")
    page_published.connect(_page_changed, dispatch_uid="innovations_listing_published")
    page_unpublished.connect(_page_changed, dispatch_uid="innovations_listing_unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="innovations_listing_moved")
    post_save.connect(_status_changed, sender=StatusUpdate,
                      dispatch_uid="innovations_listing_status_saved")
    post_delete.connect(_status_changed, sender=StatusUpdate,
                        dispatch_uid="innovations_listing_status_deleted")
