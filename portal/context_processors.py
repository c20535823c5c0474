"""Context available to every front-end template."""

from wagtail.models import Locale, Page, Site


def navigation(request):
    """Top-level pages marked 'show in menus', in the visitor's language (one query)."""
    site = Site.find_for_request(request)
    if site is None:
        return {"nav_pages": []}
    locale = Locale.get_active()
    root = site.root_page.localized if site.root_page.locale_id != locale.pk else site.root_page
    pages = (
        Page.objects.child_of(root)
        .live()
        .public()
        .in_menu()
        .filter(locale=locale)
        .only("id", "title", "url_path", "path", "depth", "locale_id")
    )
    return {"nav_pages": [{"title": p.title, "url": p.get_url(request=request)} for p in pages]}
