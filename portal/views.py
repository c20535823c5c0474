"""Site-wide views that are not Wagtail pages."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def database_is_up():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


@never_cache
@require_GET
def healthz(request):
    """Load-balancer probe: 200 when the database answers, 503 when it does not."""
    if not database_is_up():
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@never_cache
@require_GET
def service_status(request):
    """The footer's "Service status" for people: the same check as /healthz, in words.
    When the database is down the page is rendered without the site menu (which needs
    it), and answers 503."""
    context = {"checked_at": timezone.localtime()}
    if not database_is_up():
        return render(request, "portal/service_status_down.html", context, status=503)
    return render(request, "portal/service_status.html", context)
