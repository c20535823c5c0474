"""`make bench-pages`: the public site as production serves it (DEBUG off, page cache on,
Redis when REDIS_URL is set), on 127.0.0.1, with two floor views added
(portal/bench_urls.py). Never deployed."""

from .base import *  # noqa: F401,F403
from .base import env_bool

DEBUG = False
SECRET_KEY = "bench-only-secret-key-not-for-production-0123456789abcdef"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "portal.bench_urls"
PORTAL_PAGE_CACHE = env_bool("PAGE_CACHE", True)
WHITENOISE_USE_FINDERS = True
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"null": {"class": "logging.NullHandler"}},
           "root": {"handlers": ["null"]}}
