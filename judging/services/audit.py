"""Audit log helpers: Wagtail log entries for judging actions (registered in
judging/wagtail_hooks.py). ``log_many`` and ``log_entries`` write one entry per object in
one pass (COPY on PostgreSQL); automatic assignment writes one line per assignment with
the same values (``entry_constants``) in the statement that inserts the assignments."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import log as wagtail_log
from wagtail.models import ModelLogEntry

from .bulk import insert_rows

ENTRY_FIELDS = ["content_type_id", "object_id", "label", "action", "timestamp", "user_id",
                "uuid", "data", "content_changed", "deleted"]


def log(*, instance, action, user, data=None):
    return wagtail_log(instance=instance, action=action, user=user, data=data or {})


def log_many(*, instances, action, user, data_for=None, label_for=str):
    instances = list(instances)
    if not instances:
        return
    log_entries(model=type(instances[0]), action=action, user=user, entries=(
        (instance.pk, label_for(instance), data_for(instance) if data_for else {})
        for instance in instances))


def entry_constants(*, model, action, user):
    """The values every entry of one bulk log shares, by ``ENTRY_FIELDS`` name: the
    content type of ``model``, the action, one timestamp, the user and the active log
    context (``log_many`` writes them so)."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return {"content_type_id": content_type.pk, "action": action, "timestamp": timezone.now(),
            "user_id": user.pk if user is not None else None,
            "uuid": get_active_log_context().uuid, "content_changed": False, "deleted": False}


LABEL_MAX = 255  # labels are cut to this many characters


def log_entries(*, model, entries, action, user):
    """One entry per (primary key, label, data) of ``entries``, objects of ``model``: as
    ``log_many`` writes them (the same content type, timestamp and log context for all),
    without model instances."""
    shared = entry_constants(model=model, action=action, user=user)
    # Built before the COPY starts: a label may query (str() of a round reads its
    # competition), and no query can run while a COPY holds the connection.
    rows = [[shared["content_type_id"], str(pk), label[:LABEL_MAX], action,
             shared["timestamp"], shared["user_id"], shared["uuid"], data, False, False]
            for pk, label, data in entries]
    insert_rows(ModelLogEntry, ENTRY_FIELDS, rows)
