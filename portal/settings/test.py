"""Settings for the test suite: fast hashing, local memory cache and mail, temp media."""

import tempfile

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
STORAGES = {
    # Public media, except the images of unpublished proposals (portal/media.py).
    "default": {"BACKEND": "portal.media.MediaRouter"},
    "media": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": tempfile.mkdtemp(prefix="portal-test-private-"),
                            "base_url": None}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
STATIC_ROOT = tempfile.mkdtemp(prefix="portal-test-static-")
# Tiny demo pictures: encoding AVIF/WebP renditions of full-size ones dominates test time.
DEMO_IMAGE_SIZE = (120, 75)
# Background tasks run at once, inside the request or test that enqueues them.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Off for the suite (a test that writes rows directly would read a page cached by the
# one before); tests/portal/test_page_cache.py turns it on.
PORTAL_PAGE_CACHE = False
