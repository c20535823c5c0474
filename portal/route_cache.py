"""Wagtail's routing and view-restriction check without their queries on a warm page.

Serving a page costs Wagtail, before any portal code runs, one query for the site, two
per level of the tree (the child by slug, then its specific row) and two for the view
restrictions of the page and its ancestors. Kept under the page cache's generation
(portal/page_cache.py: purged on publish, unpublish, move, delete, a Site or a
PageViewRestriction saved or deleted):

- ``RouteCacheMiddleware``: the route of a path (host, language, path → site, the page's
  id and class, its url_path and how many path components the tree consumed). The next
  request fetches that one page by id (one query) and lets it route the rest itself (a
  routable page's sub-path, e.g. ``top-99/``); it is used only if the page is still live
  and still at that url_path, otherwise Wagtail routes as usual.
- ``cached_view_restrictions``: ``Page.get_view_restrictions`` answers "none" without a
  query when no private section (``page_cache.restricted_places``, which
  ``PageQuerySet.private_q`` uses too) contains the page and no alias page is the page
  or one of its ancestors; otherwise Wagtail's own query runs.

Nothing here decides who may see a page: the restriction check itself, the live flag and
the page's own ``serve`` run on every request, with fresh rows.
"""

import hashlib

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils import translation

from . import page_cache


def _route_key(request, path):
    raw = f"{request.get_host()}|{translation.get_language()}|{path}"
    return f"route:{hashlib.sha256(raw.encode()).hexdigest()}"


class RouteCacheMiddleware:
    """Seeds ``request._wagtail_route_for_request`` (what Wagtail's ``serve`` reads via
    ``Page.route_for_request``) from the cache, and stores the route Wagtail found."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        pending = getattr(request, "_portal_route", None)
        if pending is not None and response.status_code == 200:
            self._store(request, *pending)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail import views as wagtail_views

        if view_func is not wagtail_views.serve or request.method not in ("GET", "HEAD"):
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        # The generation read before the view runs: a purge meanwhile orphans the entry.
        token = page_cache.generation()
        key = _route_key(request, path)
        stored = page_cache.cached_value(key, token=token)
        if stored is None or not self._seed(request, path, stored):
            request._portal_route = (key, token)
        return None

    @staticmethod
    def _seed(request, path, stored):
        site, model_label, page_id, url_path, consumed, parent = stored
        try:
            page = apps.get_model(model_label).objects.get(pk=page_id)
        except (LookupError, ObjectDoesNotExist):
            return False
        components = [component for component in path.split("/") if component]
        segments = [segment for segment in page.url_path.split("/") if segment]
        if (not page.live or page.url_path != url_path or consumed > len(components)
                or (consumed and segments[-consumed:] != components[:consumed])):
            return False
        try:
            result = page.route(request, components[consumed:])
        except Http404:
            return False
        if parent is not None and parent.path == page.path[:-page.steplen]:
            page._cached_parent_obj = parent  # as Wagtail's routing leaves it
        request._wagtail_site = site
        request._wagtail_route_for_request = result
        return True

    @staticmethod
    def _store(request, key, token):
        result = getattr(request, "_wagtail_route_for_request", None)
        site = getattr(request, "_wagtail_site", None)
        if result is None or site is None:
            return
        page = result[0]
        consumed = page.depth - site.root_page.depth
        if consumed < 0 or not page.url_path:
            return
        parent = getattr(page, "_cached_parent_obj", None)  # set by Wagtail's routing
        page_cache.store_value(key, (site, page._meta.label, page.pk, page.url_path, consumed,
                                     parent), token=token)


def cached_view_restrictions(original):
    """Wrap ``Page.get_view_restrictions`` (see the module docstring)."""
    from wagtail.models import PageViewRestriction

    def get_view_restrictions(self):
        path = self.path or ""
        sections, aliases = page_cache.restricted_places()
        if self.alias_of_id is None and not any(
                path.startswith(section) for section, _depth in sections) and not any(
                path.startswith(alias) for alias in aliases):
            return PageViewRestriction.objects.none()
        return original(self)

    get_view_restrictions.portal_cached = True
    return get_view_restrictions


def _purge_on_alias_saved(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page) and instance.alias_of_id is not None:
        page_cache.purge()  # the cached list of alias pages changed


def install():
    from django.db.models.signals import post_save
    from wagtail.models import Page

    if not getattr(Page.get_view_restrictions, "portal_cached", False):
        Page.get_view_restrictions = cached_view_restrictions(Page.get_view_restrictions)
    post_save.connect(_purge_on_alias_saved, dispatch_uid="portal_route_cache_alias_saved")
