"""One agency per government: merging two agencies that are one (secretariat).

``merge_agencies`` moves everything of ``remove`` to ``keep`` — innovation profiles
(and the agency in their revisions), service units, memberships, judge profiles,
conflicts of interest, aliases — keeps ``remove``'s name as an alias of ``keep`` and
deletes ``remove``, in one transaction with one audit entry. Awards (Achievement) and
competition entries belong to the innovations, so they move with them.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Revision

from innovations.agency_names import agency_key
from innovations.listing import refresh_listing
from innovations.models import Agency, AgencyAlias, InnovationPage, Membership, Unit
from innovations.search_sync import reindex_innovations
from judging.models import ConflictOfInterest, JudgeProfile
from judging.services.audit import log
from portal import page_cache


@dataclass
class MergeReport:
    innovations: int = 0
    units: int = 0
    memberships: int = 0
    judge_profiles: int = 0
    conflicts: int = 0
    aliases: int = 0


def merge_counts(agency):
    """What a merge would move away from ``agency`` (for the confirmation screen)."""
    return MergeReport(
        innovations=InnovationPage.objects.filter(agency=agency).count(),
        units=Unit.objects.filter(agency=agency).count(),
        memberships=Membership.objects.filter(agency=agency).count(),
        judge_profiles=JudgeProfile.objects.filter(agency=agency).count(),
        conflicts=ConflictOfInterest.objects.filter(agency=agency).count(),
        aliases=AgencyAlias.objects.filter(agency=agency).count(),
    )


def merge_agencies(*, keep, remove, user):
    """Move everything of ``remove`` to ``keep`` and delete ``remove``; returns MergeReport."""
    if keep.pk == remove.pk:
        raise ValidationError(_("Choose two different agencies."))
    with transaction.atomic():
        keep = Agency.objects.select_for_update().get(pk=keep.pk)
        remove = Agency.objects.select_for_update().get(pk=remove.pk)
        report = merge_counts(remove)
        page_ids = list(InnovationPage.objects.filter(agency=remove).values_list("pk",
                                                                                flat=True))
        twins = {}  # unit of ``remove`` -> the unit of the same name in ``keep``
        for unit in Unit.objects.filter(agency=remove):
            twin = Unit.objects.filter(agency=keep, name=unit.name).first()
            if twin is None:
                Unit.objects.filter(pk=unit.pk).update(agency=keep)
                continue
            twins[unit.pk] = twin.pk
            page_ids += list(InnovationPage.objects.filter(unit=unit).exclude(
                pk__in=page_ids).values_list("pk", flat=True))
            InnovationPage.objects.filter(unit=unit).update(unit=twin)
            for membership in Membership.objects.filter(unit=unit):
                if Membership.objects.filter(user=membership.user_id, agency=keep, unit=twin,
                                             role=membership.role).exists():
                    membership.delete()
                else:
                    Membership.objects.filter(pk=membership.pk).update(unit=twin, agency=keep)
            unit.delete()
        InnovationPage.objects.filter(pk__in=page_ids).update(agency=keep)
        for revision in Revision.page_revisions.filter(object_id__in=[str(pk) for pk in page_ids]):
            content = revision.content
            if content.get("agency") == remove.pk or content.get("unit") in twins:
                if content.get("agency") == remove.pk:
                    content["agency"] = keep.pk
                content["unit"] = twins.get(content.get("unit"), content.get("unit"))
                Revision.objects.filter(pk=revision.pk).update(content=content)
        for membership in Membership.objects.filter(agency=remove):
            if Membership.objects.filter(user=membership.user_id, agency=keep,
                                         unit=membership.unit_id, role=membership.role).exists():
                membership.delete()
            else:
                Membership.objects.filter(pk=membership.pk).update(agency=keep)
        JudgeProfile.objects.filter(agency=remove).update(agency=keep)
        ConflictOfInterest.objects.filter(agency=remove).update(agency=keep)
        AgencyAlias.objects.filter(agency=remove).update(agency=keep)
        removed_name = remove.name
        remove.delete()
        if removed_name.casefold() != keep.name.casefold() and not AgencyAlias.objects.filter(
                alias__iexact=removed_name).exists():
            AgencyAlias.objects.create(agency=keep, alias=removed_name,
                                       key=agency_key(name=removed_name))
        # The profiles were moved by UPDATE, which no signal sees: their listing rows
        # (the agency filter and counts), the cached pages (the removed agency's page,
        # the profiles' agency name) and their search entries (the agency's name is
        # indexed) follow here.
        refresh_listing(page_ids=page_ids)
        page_cache.purge()
        reindex_innovations(page_ids=page_ids)
        log(instance=keep, action="judging.agency_merge", user=user, data={
            "removed": removed_name, "innovations": report.innovations, "units": report.units,
            "memberships": report.memberships, "judge_profiles": report.judge_profiles,
            "conflicts": report.conflicts, "aliases": report.aliases})
    return report
