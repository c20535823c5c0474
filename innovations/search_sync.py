"""The innovation profiles' search entries follow their agency's name.

A profile's search entry holds its agency's name (``InnovationPage.search_fields``) and
is written when the profile is saved. Renaming an agency saves the agency only, so a
search by its new name missed every one of its profiles (and still found them by the old
one); merging two agencies moves profiles by ``UPDATE``, which no signal sees. Both now
queue the profiles' updates, the same task modelsearch's own save handler queues, once
the transaction commits (the worker runs them; the tests at once).
"""

from django.db import transaction


def reindex_innovations(*, page_ids):
    """Queue the search-index update of these innovation profiles on commit."""
    from modelsearch.tasks import insert_or_update_object_task

    from innovations.models import InnovationPage

    meta = InnovationPage._meta
    ids = [str(pk) for pk in page_ids]

    def queue():
        for pk in ids:
            insert_or_update_object_task.enqueue(meta.app_label, meta.model_name, pk)

    if ids:
        transaction.on_commit(queue)


def _agency_saving(sender, instance, raw=False, **_kwargs):
    if not raw and instance.pk is not None:
        instance._name_before_save = (sender.objects.filter(pk=instance.pk)
                                      .values_list("name", flat=True).first())


def _agency_saved(sender, instance, created, raw=False, **_kwargs):
    from innovations.models import InnovationPage

    before = instance.__dict__.pop("_name_before_save", None)
    if raw or created or before is None or before == instance.name:
        return
    reindex_innovations(page_ids=InnovationPage.objects.filter(agency=instance)
                        .values_list("pk", flat=True))


def connect_signals():
    from django.db.models.signals import post_save, pre_save

    from innovations.models import Agency

    pre_save.connect(_agency_saving, sender=Agency, dispatch_uid="innovations_agency_saving")
    post_save.connect(_agency_saved, sender=Agency, dispatch_uid="innovations_agency_saved")
