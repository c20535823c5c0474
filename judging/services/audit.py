"""Audit log helpers: Wagtail log entries for judging actions (registered in
judging/wagtail_hooks.py). ``log_many`` writes one entry per object in one query, so
assigning 10,000 pairs still leaves one audit line per assignment."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import log as wagtail_log
from wagtail.models import ModelLogEntry


def log(*, instance, action, user, data=None):
    return wagtail_log(instance=instance, action=action, user=user, data=data or {})


def log_many(*, instances, action, user, data_for=None, label_for=str):
    instances = list(instances)
    if not instances:
        return []
    content_type = ContentType.objects.get_for_model(instances[0], for_concrete_model=False)
    now = timezone.now()
    uuid = get_active_log_context().uuid
    entries = [
        ModelLogEntry(
            content_type=content_type, object_id=str(instance.pk),
            label=label_for(instance)[:255], action=action, timestamp=now,
            user=user, uuid=uuid, data=data_for(instance) if data_for else {},
        )
        for instance in instances
    ]
    return ModelLogEntry.objects.bulk_create(entries, batch_size=1000)
