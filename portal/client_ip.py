"""The real client address behind a configured number of trusted proxies.

With ``TRUSTED_PROXY_COUNT = 0`` (the default: the app server faces the visitors) the
client is ``REMOTE_ADDR``. Behind N trusted proxies (a load balancer, then perhaps a
reverse proxy) each proxy appends the address it received the request from to
``X-Forwarded-For``, so the client is the Nth entry from the right; anything to the left
of it was written by the client and is ignored (a spoofed entry gives no fresh identity).
A header with fewer entries than proxies did not pass through them all: the leftmost
entry is then the best we know. Used by the objection form's rate limit and by
django-axes (``AXES_CLIENT_IP_CALLABLE``).
"""

from django.conf import settings


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR") or ""
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return remote
    return forwarded[-count] if len(forwarded) >= count else forwarded[0]
