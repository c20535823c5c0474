"""Who may do what in judging: the secretariat runs rounds, judges score."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

SECRETARIAT_GROUP = "Sekretariat"
JUDGE_GROUP = "Juri"


def _in_group(user, name):
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    # Cache on the user object: screens ask this many times per request.
    cache = user.__dict__.setdefault("_judging_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user.__dict__["_judging_groups"] = cache
    return name in cache


def is_secretariat(user):
    """Members of "Sekretariat" and superusers."""
    if user is not None and user.is_authenticated and user.is_active and user.is_superuser:
        return True
    return _in_group(user, SECRETARIAT_GROUP)


def is_judge(user):
    """Members of "Juri"."""
    return _in_group(user, JUDGE_GROUP)


def require_secretariat(user):
    if not is_secretariat(user):
        raise PermissionDenied(_("Only the secretariat can do this."))
