"""Awards on innovation profiles (innovations.Achievement): the one place that grants
them. Called when a result with a tier is published (results.publish_result) and when
past results are imported (archive.import_results); idempotent, so granting twice
changes nothing."""

from innovations.models import Achievement


def grant_achievements(*, competition, tier, innovation_ids):
    """Give each innovation ``tier`` of ``competition``'s year; returns how many were new."""
    innovation_ids = set(innovation_ids)
    held = set(Achievement.objects.filter(innovation_id__in=innovation_ids,
                                          year=competition.year, tier=tier)
               .values_list("innovation_id", flat=True))
    new = [Achievement(innovation_id=pk, year=competition.year, tier=tier,
                       competition_name=competition.name)
           for pk in sorted(innovation_ids - held)]
    Achievement.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    return len(new)


def withdraw_achievements(*, competition, tier, innovation_ids):
    """Take ``tier`` of ``competition``'s year back from each innovation (an entry
    removed from a published list); returns the ids of the innovations that held it."""
    held = Achievement.objects.filter(innovation_id__in=set(innovation_ids),
                                      year=competition.year, tier=tier)
    ids = sorted(held.values_list("innovation_id", flat=True))
    held.delete()
    return ids
