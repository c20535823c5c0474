"""Length limits on every free text a person types (objections, comments, notes, reasons).

The services refuse longer text with a ValidationError in the user's language; the forms
carry the same numbers as ``maxlength`` so a browser stops typing there. A 2 MB post is
refused and every other value typed stays in the form.
"""

from django.utils.translation import gettext as _

LONG_TEXT_MAX = 5000  # reasons, comments, notes
PANEL_NOTE_MAX = 2000  # a panel's note on a tie or on accepting unmet quota minimums
NAME_MAX = 120  # Objection.name
EMAIL_MAX = 254
URL_MAX = 500  # Objection.evidence_url


def too_long(value, limit):
    """The error message when ``value`` is longer than ``limit`` characters, else None."""
    length = len(value or "")
    if length <= limit:
        return None
    return _("Use at most %(max)s characters (this has %(n)s).") % {"max": limit, "n": length}


def check(errors, field, value, limit):
    """Add ``field``'s message to ``errors`` (a dict) when ``value`` is too long."""
    message = too_long(value, limit)
    if message:
        errors[field] = message
    return errors
