"""The shared cache of public pages: whole responses for anonymous visitors, and what
every page reads (the navigation of the base template, the index pages' URLs).

Both live in Django's default cache (Redis when REDIS_URL is set, so every app server
sees one copy; local memory otherwise) under a *generation* token. ``purge()`` replaces
the token, which makes every stored page and menu unreachable at once; the old entries
simply expire. It is called when what the public sees changes: a page published,
unpublished, moved or deleted (``connect_page_signals``), a result published, a
provisional list announced, an objection decided, a RoundResult saved or deleted
(judging). Purging on commit as well as at once closes the window where a request that
read the old rows stores its page after the purge: a page is stored under the
generation read *before* the view ran, so a purge during rendering makes it unreachable.

What is never stored (``PageCacheMiddleware``): anything but a GET answered 200; a
request carrying a session or messages cookie (signed-in users, a visitor who just
sent a form); a response that sets a cookie, used a CSRF token (a form: the objection
form, the sign-in page) or says Cache-Control private/no-store/no-cache; the admin,
/masuk/, the workspace, /i18n/, documents and the health check. Drafts and previews are
served only under /admin/, so they never reach it.
"""

import contextvars
import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation

GENERATION_KEY = "portal:public-generation"
# Prefixes (after an optional /en/) that are never cached.
NEVER_CACHED = ("/admin/", "/masuk/", "/keluar/", "/ruang-kerja/", "/i18n/", "/dokumen/",
                "/healthz", "/django-admin/")
NO_STORE = ("private", "no-store", "no-cache")
# Headers that belong to one response only.
SKIP_HEADERS = {"set-cookie", "content-length"}


def enabled():
    return getattr(settings, "PORTAL_PAGE_CACHE", False)


def timeout():
    return getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 300)


# The token as this request first read it (PageCacheMiddleware holds it for the length of
# a request): a page built after a purge reads the navigation, the index URLs, the route
# and the private sections under one token, in one round trip to the cache instead of one
# per value (17 on the home page). A purge during the request forgets it, so what the
# request reads after its own change is never the old generation's.
_request_token = contextvars.ContextVar("portal_page_cache_token", default=None)


def generation():
    """The current generation token (a new one when the cache lost it)."""
    token = _request_token.get()
    if token is not None and token[0]:
        return token[1]
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(GENERATION_KEY) or "none"
    held = _request_token.get()
    if held is not None:
        held[:] = [True, token]
    return token


def _bump():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    held = _request_token.get()
    if held is not None:
        held[:] = [False, None]


def purge(**_signal_kwargs):
    """Forget every cached public page and menu, now and again when the transaction
    commits (a request that read the old rows meanwhile cannot be served later)."""
    _bump()
    transaction.on_commit(_bump)


# --- what every page reads: the navigation (portal/context_processors.py), index URLs


_MISSING = object()


def cached(name, build):
    """``build()``'s value under ``name`` until the next purge (None is stored too)."""
    key = f"portal:value:{generation()}:{name}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, timeout())
    return value


def cached_value(name, *, token):
    """What ``store_value`` kept under ``name`` in generation ``token``, or None."""
    return cache.get(f"portal:value:{token}:{name}")


def store_value(name, value, *, token):
    cache.set(f"portal:value:{token}:{name}", value, timeout())


def cached_navigation(*, site, language, build):
    """The menu of ``site`` in ``language``: from the cache, or ``build()`` stored."""
    return cached(f"nav:{site.pk}:{language}", build)


# --- whole pages for anonymous visitors


def _unprefixed(path):
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return path[len(prefix) - 1:]
    return path


def request_is_cacheable(request):
    if request.method != "GET":
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or getattr(
            settings, "MESSAGE_COOKIE_NAME", "messages") in cookies:
        return False
    path = _unprefixed(request.path_info)
    return not path.startswith(NEVER_CACHED)


def response_is_cacheable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a CSRF token
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in NO_STORE)


def page_key(request, token):
    language = translation.get_language_from_request(request, check_path=True)
    raw = f"{request.get_host()}|{language}|{request.get_full_path()}"
    return f"portal:page:{token}:{hashlib.sha256(raw.encode()).hexdigest()}"


class PageCacheMiddleware:
    """Serves and stores whole public pages for anonymous visitors (see the module
    docstring). Sits before the session, locale and CSRF middleware, so it sees every
    cookie they set, and after the security headers, which every answer gets fresh."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # [known, token]: one list per request, so a purge anywhere in it can clear it.
        reset = _request_token.set([False, None])
        try:
            return self._respond(request)
        finally:
            _request_token.reset(reset)

    def _respond(self, request):
        if not enabled() or not request_is_cacheable(request):
            return self.get_response(request)
        key = page_key(request, generation())
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if response_is_cacheable(request, response):
            headers = [(name, value) for name, value in response.items()
                       if name.lower() not in SKIP_HEADERS]
            cache.set(key, (response.status_code, headers, response.content), timeout())
            response["X-Page-Cache"] = "miss"
        return response


def connect_page_signals():
    """Purge on every change of what is live in Wagtail's page tree or its sites."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(purge, dispatch_uid="portal_page_cache_published")
    page_unpublished.connect(purge, dispatch_uid="portal_page_cache_unpublished")
    post_page_move.connect(purge, dispatch_uid="portal_page_cache_moved")
    post_delete.connect(_purge_on_page_delete, dispatch_uid="portal_page_cache_deleted")
    post_save.connect(purge, sender=Site, dispatch_uid="portal_page_cache_site_saved")
    post_delete.connect(purge, sender=Site, dispatch_uid="portal_page_cache_site_deleted")
    # A section made private (or public again) changes who may see its pages.
    post_save.connect(purge, sender=PageViewRestriction,
                      dispatch_uid="portal_page_cache_restriction_saved")
    post_delete.connect(purge, sender=PageViewRestriction,
                        dispatch_uid="portal_page_cache_restriction_deleted")
    _cache_private_sections()


def restricted_places():
    """(the private sections as (path, depth), the alias pages' paths): what
    ``PageQuerySet.private_q`` and the route cache's view-restriction check
    (portal/route_cache.py) need, read in one query (a ``UNION ALL`` of the two, each
    served by an index) and kept until the next purge, which a restriction saved or
    deleted, or an alias page saved, triggers."""
    return cached("restricted-places", _read_restricted_places)


def _read_restricted_places():
    from django.db.models import BooleanField, Value
    from wagtail.models import Page

    sections = (Page.objects.filter(view_restrictions__isnull=False).distinct().order_by()
                .values_list("path", "depth", Value(True, output_field=BooleanField())))
    aliases = (Page.objects.filter(alias_of__isnull=False).order_by()
               .values_list("path", "depth", Value(False, output_field=BooleanField())))
    rows = list(sections.union(aliases, all=True))
    return ([(path, depth) for path, depth, private in rows if private],
            [path for path, _depth, private in rows if not private])


def _cache_private_sections():
    """``PageQuerySet.public()`` reads every PageViewRestriction, one query each time a
    page asks for public pages (two or three per page). The private sections' (path,
    depth) are kept (``restricted_places``) until the next purge; the filter built from
    them is Wagtail's own (descendant_of_q)."""
    from django.db.models import Q
    from wagtail.query import PageQuerySet

    if getattr(PageQuerySet.private_q, "portal_cached", False):
        return

    def private_q(self):
        q = Q()
        for path, depth in restricted_places()[0]:
            q |= Q(path__startswith=path) & Q(depth__gte=depth)
        # do not match any page if no private section exists.
        return q if q else Q(pk__in=[])

    private_q.portal_cached = True
    PageQuerySet.private_q = private_q


def _purge_on_page_delete(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        purge()
