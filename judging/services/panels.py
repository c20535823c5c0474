"""A round's panel: the judges who score it, each with an optional cap for the round.

Auto-assignment (judging.services.assignments) draws only from the panel and stops at
each member's cap; manual assignment refuses a judge outside it. ``set_panel`` is the
one way the panel changes: it locks the round, refuses what would leave assignments
outside the panel or above a cap, and writes one audit entry per real change.
"""

from collections import Counter

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from judging.maths import assignments as planner
from judging.models import Assignment, AssignmentStatus, RoundPanelMember

from .audit import log
from .permissions import JUDGE_GROUP, require_secretariat
from .rounds import ensure_not_finalised, lock_round


def judge_name(*, username, first_name, last_name):
    return f"{first_name} {last_name}".strip() or username


def panel_members(*, round):
    """{judge id: the member's cap for this round (None: none set)}: one query."""
    return dict(RoundPanelMember.objects.filter(round=round)
                .values_list("judge_id", "max_entries"))


def panel_caps(*, round, members=None):
    """{judge id: the most entries the member may have in this round}, from the
    member's cap or else the judge profile's usual maximum; unlimited members are
    absent. Two queries at most, whatever the panel's size."""
    members = panel_members(round=round) if members is None else members
    usual = dict(get_user_model().objects.filter(
        pk__in=list(members), judge_profile__max_load__isnull=False)
        .values_list("pk", "judge_profile__max_load"))
    return planner.panel_caps(members=members, usual=usual)


def panel_rows(*, round):
    """Every active judge, for the panel screen: whether on the panel, the cap set for
    this round, the profile's usual maximum and the active assignments in this round.
    Two queries whatever the number of judges."""
    members = panel_members(round=round)
    active_here = Q(judging_assignments__round=round,
                    judging_assignments__status=AssignmentStatus.ACTIVE)
    users = (get_user_model().objects.filter(groups__name=JUDGE_GROUP, is_active=True)
             .annotate(load=Count("judging_assignments", filter=active_here))
             .values("pk", "username", "first_name", "last_name", "load",
                     "judge_profile__affiliation", "judge_profile__max_load"))
    rows = [{"pk": row["pk"], "name": judge_name(username=row["username"],
                                                 first_name=row["first_name"],
                                                 last_name=row["last_name"]),
             "affiliation": row["judge_profile__affiliation"] or "",
             "usual": row["judge_profile__max_load"], "load": row["load"],
             "member": row["pk"] in members, "cap": members.get(row["pk"])}
            for row in users]
    return sorted(rows, key=lambda r: (not r["member"], r["name"].lower(), r["pk"]))


@transaction.atomic
def set_panel(*, round, user, members):
    """Make the panel of ``round`` exactly ``members`` ({judge user id: cap for this
    round or None}). Refused, with every reason at once: a round that is finalised or
    not scored, a member who is not an active judge, a cap below 1, removing a judge
    who still has active assignments here, or a cap below the entries a judge already
    has here. Returns {"added", "removed", "caps"} (empty when nothing changed: no
    audit entry then, so repeating a save changes nothing)."""
    require_secretariat(user)
    round = lock_round(round.pk)
    ensure_not_finalised(round)
    if not round.is_scored:
        raise ValidationError(_("Only scored rounds have a panel of judges."))
    members = {int(pk): cap for pk, cap in members.items()}
    names = {row["pk"]: judge_name(username=row["username"], first_name=row["first_name"],
                                   last_name=row["last_name"])
             for row in get_user_model().objects.filter(
                 pk__in=list(members), groups__name=JUDGE_GROUP, is_active=True)
             .values("pk", "username", "first_name", "last_name")}
    errors = []
    if set(members) - set(names):
        errors.append(_("Only active judges can be on a panel."))
    current = panel_members(round=round)
    loads = Counter(Assignment.objects.filter(round=round, status=AssignmentStatus.ACTIVE)
                    .values_list("judge_id", flat=True))
    for judge_id in sorted(set(current) - set(members)):
        if loads[judge_id]:
            errors.append(_("%(judge)s still has %(count)s active assignments in this round; "
                            "recuse them before taking the judge off the panel.")
                          % {"judge": _removed_name(judge_id), "count": loads[judge_id]})
    for judge_id, cap in sorted(members.items()):
        if cap is None or judge_id not in names:
            continue
        if cap < 1:
            errors.append(_("The cap of %(judge)s must be at least 1; leave it empty for no "
                            "cap.") % {"judge": names[judge_id]})
        elif cap < loads[judge_id]:
            errors.append(_("The cap of %(judge)s (%(cap)s) is below the %(count)s entries "
                            "the judge already has in this round.")
                          % {"judge": names[judge_id], "cap": cap, "count": loads[judge_id]})
    if errors:
        raise ValidationError(errors)
    added = sorted(set(members) - set(current))
    removed = sorted(set(current) - set(members))
    caps = {judge_id: {"old": current[judge_id], "new": cap}
            for judge_id, cap in sorted(members.items())
            if judge_id in current and current[judge_id] != cap}
    if not (added or removed or caps):
        return {"added": [], "removed": [], "caps": {}}
    RoundPanelMember.objects.filter(round=round, judge_id__in=removed).delete()
    RoundPanelMember.objects.bulk_create(
        [RoundPanelMember(round=round, judge_id=judge_id, max_entries=members[judge_id])
         for judge_id in added])
    for judge_id, change in caps.items():
        RoundPanelMember.objects.filter(round=round, judge_id=judge_id).update(
            max_entries=change["new"])
    change = {"added": added, "removed": removed,
              "caps": {str(judge_id): value for judge_id, value in caps.items()}}
    change["added_caps"] = {str(judge_id): members[judge_id] for judge_id in added}
    log(instance=round, action="judging.panel", user=user, data=change)
    return {"added": added, "removed": removed, "caps": caps}


def _removed_name(judge_id):
    row = get_user_model().objects.filter(pk=judge_id).values(
        "username", "first_name", "last_name").first()
    return judge_name(**row) if row else str(judge_id)
