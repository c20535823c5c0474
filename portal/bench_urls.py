"""The portal's URLs plus the two floors every page figure of `manage.py bench_pages` is
set beside, both through the whole middleware stack and never cached:
/_bench/ok (a view that returns "ok") and /_bench/base (base.html alone, with its
context processors: the navigation). Used only by portal/settings/bench.py."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.cache import never_cache

from portal.urls import urlpatterns as portal_urlpatterns


@never_cache
def bare(request):
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def base_template(request):
    return render(request, "base.html", {})


urlpatterns = [
    path("_bench/ok", bare),
    path("_bench/base", base_template),
    *portal_urlpatterns,
]
