"""Wagtail's Locale rows, read once per process.

Wagtail looks a Locale up by language code many times per page (Locale.get_active(),
Locale.get_default(), page.localized, the API's locale field...): one query each, the same
answer every time. ``install()`` (PortalConfig.ready) memoises
``Locale.objects.get_for_language`` per process. A Locale saved or deleted clears the memo
in the process that did it; locales are created when the site is set up (migrate,
seed_demo, the admin's Locales screen) and then never change in this portal, and a restart
of the app servers picks a new one up everywhere.
"""

import copy
import threading

_memo = {}
_lock = threading.Lock()


def clear(**_signal_kwargs):
    with _lock:
        _memo.clear()


def install():
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Locale
    from wagtail.models.i18n import LocaleManager

    if getattr(LocaleManager.get_for_language, "portal_memoised", False):
        return
    uncached = LocaleManager.get_for_language

    def get_for_language(self, language_code):
        found = _memo.get(language_code)
        if found is None:
            found = uncached(self, language_code)  # DoesNotExist is never memoised
            with _lock:
                _memo[language_code] = found
        return copy.copy(found)

    get_for_language.portal_memoised = True
    LocaleManager.get_for_language = get_for_language
    post_save.connect(clear, sender=Locale, dispatch_uid="portal_locales_saved")
    post_delete.connect(clear, sender=Locale, dispatch_uid="portal_locales_deleted")
