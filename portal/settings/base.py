"""Settings shared by every environment.

Everything that differs between machines is read from environment variables, so one
build runs on a laptop (SQLite, no Redis) and on many stateless app servers
(PostgreSQL, Redis, S3-compatible media storage).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

PORTAL_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PORTAL_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-dev-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "portal",
    "home",
    "innovations",
    "judging",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.security_headers.PortalCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole public pages for anonymous visitors (portal/page_cache.py): before the
    # session, locale and CSRF middleware, so it sees every cookie they set.
    "portal.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Choosers, page chooser and bulk actions need a permission on what they list.
    "portal.admin_access.AdminLeastPrivilegeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Wagtail's route of a path and the view-restriction check from the cache
    # (portal/route_cache.py): after the locale middleware (the key holds the language).
    "portal.route_cache.RouteCacheMiddleware",
    # Last: turns a locked-out sign-in into the lockout page (portal/throttle.py).
    "axes.middleware.AxesMiddleware",
]

# Login throttling (django-axes): 5 failures for one username from one client address
# lock that pair out for 15 minutes, on /masuk/ and /admin/login/.
AUTHENTICATION_BACKENDS = [
    "portal.throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_CLIENT_IP_CALLABLE = "portal.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "portal.throttle.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
# Security headers. CSP (django-csp 4): the site's own files only; /admin/ adds what
# Wagtail's admin needs (portal/security_headers.py). Media on another origin (S3
# custom domain or absolute MEDIA_URL) is added to img-src and media-src.
_MEDIA_ORIGINS = [origin for origin in (
    f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN']}" if os.environ.get("AWS_S3_CUSTOM_DOMAIN")
    else "",
    "/".join(os.environ.get("MEDIA_URL", "").split("/")[:3])
    if os.environ.get("MEDIA_URL", "").startswith("http") else "",
) if origin]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_MEDIA_ORIGINS],
        "media-src": ["'self'", *_MEDIA_ORIGINS],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}
PERMISSIONS_POLICY = {
    "accelerometer": [], "autoplay": [], "camera": [], "display-capture": [],
    "geolocation": [], "gyroscope": [], "magnetometer": [], "microphone": [],
    "midi": [], "payment": [], "usb": [], "fullscreen": ["self"],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Client address behind this many trusted proxies (X-Forwarded-For); 0: REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PORTAL_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.navigation",
                "portal.context_processors.account",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# SQLite is the embedded default; DATABASE_URL (e.g. postgres://user@host:5432/name)
# switches to PostgreSQL, which production uses.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while seed_demo or a test writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "/masuk/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Languages: Bahasa Indonesia first (no URL prefix), English under /en/.
LANGUAGE_CODE = "id"
LANGUAGES = [
    ("id", "Bahasa Indonesia"),
    ("en", "English"),
]
# portal/wagtail_i18n/locale completes Wagtail's Indonesian catalogue (Wagtail ships id_ID,
# which Django finds for `id`, but only about a third of the admin is translated there):
# LOCALE_PATHS take precedence over the apps' catalogues, for Python and JavaScript.
LOCALE_PATHS = [PORTAL_DIR / "locale", PORTAL_DIR / "wagtail_i18n" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"
LANGUAGE_COOKIE_NAME = "portal_language"

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PORTAL_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
# Files only a permission-checked view may serve (background job results, images of
# unpublished proposals): never under MEDIA_ROOT, which is public.
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", BASE_DIR / "private"))

STORAGES = {
    # Public media, except the images of unpublished proposals (portal/media.py).
    "default": {"BACKEND": "portal.media.MediaRouter"},
    "media": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": PRIVATE_ROOT, "base_url": None}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal",
    }
}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": "portal",
        "TIMEOUT": 300,
        "OPTIONS": {"IGNORE_EXCEPTIONS": True},
    }

# Full-page cache of public pages for anonymous visitors (portal/page_cache.py). It
# must be shared by every app server to be purged everywhere: on by default with Redis;
# with local memory only when asked (one process, e.g. the development server).
PORTAL_PAGE_CACHE = env_bool("PAGE_CACHE", bool(os.environ.get("REDIS_URL")))
PORTAL_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Portal Inovasi <noreply@localhost>")
# Where units ask for an account (shown on the sign-in page).
PORTAL_CONTACT_EMAIL = os.environ.get("PORTAL_CONTACT_EMAIL", "sekretariat@localhost")
# Password-reset links are valid for three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# Background work (search index updates, e-mail) runs through django-tasks, which
# Wagtail 8 uses; the immediate backend runs tasks in-process.
# Background work (finalising, exports, archive imports, e-mail, Wagtail's own index
# updates) is queued in the database and run by a worker: `manage.py db_worker` (make run
# starts one beside the server; production runs it as its own process). Tests run every
# task at once with the immediate backend (settings/test.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

WAGTAIL_SITE_NAME = "Portal Inovasi Pelayanan Publik"
# Who signs the award certificates (judging/publication/certificates.py).
CERTIFICATE_SIGNATORY_NAME = os.environ.get("CERTIFICATE_SIGNATORY_NAME",
                                            "Ketua Tim Panel Independen")
CERTIFICATE_SIGNATORY_TITLE = os.environ.get("CERTIFICATE_SIGNATORY_TITLE",
                                             "Kompetisi Inovasi Pelayanan Publik")
WAGTAILADMIN_USER_LOGIN_FORM = "portal.admin_forms.PortalLoginForm"
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Search: Wagtail's database backend (SQLite FTS5, PostgreSQL full-text search).
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "simple",
    }
}

# The open-data API (/api/v2/): ?limit= from 0 to 100 on every endpoint, Wagtail's pages
# included (judging/publication/api.py validates limit and offset the same way).
WAGTAILAPI_LIMIT_MAX = 100
API_MAX_OFFSET = 1_000_000_000

# Documents always stream through Wagtail's serve view (never a redirect to the storage
# URL), so the before_serve_document hook keeps unpublished proposals' documents private
# (innovations/wagtail_hooks.py, innovations/uploads.py).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "csv", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "avif"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# No calls to outside services at run time: avatars are initials, not Gravatar images.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# ... and no release check from the admin dashboard (it would also break connect-src 'self').
WAGTAIL_ENABLE_UPDATE_CHECK = False
