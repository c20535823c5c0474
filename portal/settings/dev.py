"""Local development: DEBUG on, console e-mail, SQLite unless DATABASE_URL is set."""

from .base import *  # noqa: F401,F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = ["*"]
INTERNAL_IPS = ["127.0.0.1"]

# Serve static files straight from the app folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(exist_ok=True)  # noqa: F405

# One process (runserver): the local-memory cache is shared by every request.
PORTAL_PAGE_CACHE = env_bool("PAGE_CACHE", True)
