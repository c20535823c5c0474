"""Helpers for building the Wagtail page tree in code (demo seed, archive import)."""


def ensure_translation(page, locale, *, title, fields):
    """The published translation of a page into locale, created once."""
    translation = page.get_translation_or_none(locale)
    if translation is not None:
        return translation
    translation = page.copy_for_translation(locale, copy_parents=False)
    translation.title = title
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation
