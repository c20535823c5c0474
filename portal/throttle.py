"""Login throttling with django-axes: the lockout page and the backend wrapper.

After ``AXES_FAILURE_LIMIT`` failed sign-ins for one username from one client address
(``portal.client_ip``), that username is refused from that address for
``AXES_COOLOFF_TIME``, on /masuk/ and /admin/login/ alike, with a page that says so in
the visitor's language (status 429), not a bare 403.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import render


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' lockout check for every sign-in through a form (which passes ``request``).

    ``authenticate`` without a request (Django's test client ``login``, management
    scripts) comes from no visitor and so has no address to throttle; it is passed on to
    the next backend instead of raising."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html",
                  {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
                  status=429)
