"""Context available to every front-end template."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from portal.accounts import work_place
from portal.page_cache import cached_navigation


def navigation(request):
    """Top-level pages marked 'show in menus', in the visitor's language: from the shared
    cache (portal/page_cache.py, purged on publish), else one query and stored."""
    site = Site.find_for_request(request)
    if site is None:
        return {"nav_pages": []}

    def build():
        locale = Locale.get_active()
        root = site.root_page
        if root.locale_id != locale.pk:
            root = root.localized
        pages = (
            Page.objects.child_of(root)
            .live()
            .public()
            .in_menu()
            .filter(locale=locale)
            .only("id", "title", "url_path", "path", "depth", "locale_id")
        )
        return [{"title": p.title, "url": p.get_url(request=request)} for p in pages]

    return {"nav_pages": cached_navigation(site=site, language=get_language(), build=build)}


def account(request):
    """The portal's name, and the signed-in user's place of work (for the site menu)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"work_place": None, "portal_name": settings.WAGTAIL_SITE_NAME}
    # Lazy: only pages that show the menu pay for the membership and group queries.
    return {"work_place": SimpleLazyObject(lambda: work_place(user)),
            "portal_name": settings.WAGTAIL_SITE_NAME}
