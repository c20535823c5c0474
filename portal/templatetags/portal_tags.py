"""Template helpers shared by every app: language links, query strings."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from portal import page_cache

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in every language.

    On a Wagtail page the link goes to its real translation when one exists (the
    slugs may differ); elsewhere the URL is translated by Django's URL resolver.
    """
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    links = []
    translations = {}
    suffix = ""
    if page is not None and hasattr(page, "get_translations"):
        # {language: URL} of the page's live translations, kept until the next publish
        # (portal/page_cache.py), per host since URLs depend on the site.
        host = request.get_host() if request else ""
        translations = page_cache.cached(f"translations:{page.pk}:{host}", lambda: {
            translation.locale.language_code: translation.get_url(request=request)
            for translation in page.get_translations(inclusive=True).live()
            .select_related("locale")})
        # A routable page's sub-URL (e.g. /kompetisi/2025/top-99/?jenis=kota) keeps its
        # sub-path and query in the other language.
        own_url = (translations[current] if current in translations
                   else page.get_url(request=request)) if request else None
        if own_url and request.path.startswith(own_url) and request.path != own_url:
            suffix = request.path[len(own_url):]
            if request.GET:
                suffix += "?" + request.GET.urlencode()
    for code, name in settings.LANGUAGES:
        url = None
        if code in translations:
            url = translations[code]
            if url and suffix:
                url += suffix
        if url is None and request is not None:
            url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"links": links, "request": request}


@register.simple_tag(takes_context=True)
def query_with(context, name, value):
    """The current query string with one parameter set (or removed when value is empty).

    Keeps filters and search terms when paging or sorting, so URLs stay shareable.
    """
    query = context["request"].GET.copy()
    if value in (None, ""):
        query.pop(name, None)
    else:
        query[name] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def page_window(page_obj, on_each_side=2):
    """The page numbers to link around the current page: ints, with None for a gap
    (1 … 4 5 [6] 7 8 … 20)."""
    paginator = page_obj.paginator
    return [None if number == paginator.ELLIPSIS else number
            for number in paginator.get_elided_page_range(
                page_obj.number, on_each_side=on_each_side, on_ends=1)]
