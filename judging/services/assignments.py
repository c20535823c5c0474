"""Assigning judges to entries, conflicts of interest and recusal.

The pool, its conflicts and the current assignments are loaded in a fixed number of
queries (never one per entry) and handed to judging.maths.assignments.assign_judges.
"""

from collections import Counter

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from judging.maths import assignments as planner
from judging.models import (
    Assignment,
    AssignmentStatus,
    ConflictOfInterest,
    ConflictSource,
    Entry,
    RoundPanelMember,
    ScoreStatus,
)

from . import audit, limits, panels
from . import entries as lifecycle
from .audit import log, log_entries
from .bulk import new_ids
from .permissions import JUDGE_GROUP, is_secretariat, require_secretariat
from .rounds import ensure_not_finalised, lock_round, round_entries


def _judge_pool(*, only=None):
    """(JudgeRef list, caps) for active members of "Juri": two queries."""
    users = get_user_model().objects.filter(groups__name=JUDGE_GROUP, is_active=True)
    if only is not None:
        users = users.filter(pk__in=only)
    rows = list(users.values_list("pk", "judge_profile__agency_id",
                                  "judge_profile__province_id", "judge_profile__max_load"))
    ids = [pk for pk, *_ in rows]
    agencies = {pk: set() for pk in ids}
    provinces = {pk: set() for pk in ids}
    declared = {pk: set() for pk in ids}
    for pk, agency_id, province_id, _load in rows:
        if agency_id:
            agencies[pk].add(agency_id)
        if province_id:
            provinces[pk].add(province_id)
    for judge_id, agency_id, province_id, entry_id in ConflictOfInterest.objects.filter(
        judge_id__in=ids
    ).values_list("judge_id", "agency_id", "province_id", "entry_id"):
        if agency_id:
            agencies[judge_id].add(agency_id)
        if province_id:
            provinces[judge_id].add(province_id)
        if entry_id:
            declared[judge_id].add(entry_id)
    judges = [
        planner.JudgeRef(id=pk, agency_ids=frozenset(agencies[pk]),
                             province_codes=frozenset(provinces[pk]),
                             conflict_entry_ids=frozenset(declared[pk]))
        for pk in ids
    ]
    caps = {pk: load for pk, _a, _p, load in rows if load is not None}
    return judges, caps


def _entry_refs(queryset):
    return [
        planner.EntryRef(id=pk, agency_id=agency_id, province_code=province_id)
        for pk, agency_id, province_id in queryset.values_list(
            "pk", "innovation__agency_id", "innovation__agency__province_id")
    ]


ASSIGNMENT_FIELDS = ["id", "round_id", "judge_id", "entry_id", "status", "automatic",
                     "recusal_reason", "created_at"]


def _label(*, name, entry_id, judge_id):
    """An assignment's audit label (``_insert_with_log`` writes the same text in SQL)."""
    return f"{name} · entry {entry_id} · judge {judge_id}"


def _create(*, round, pairs, user, automatic):
    """Insert the (judge, entry) ``pairs`` as active assignments with one audit line each
    and move their entries on; returns the new assignments' ids in the order of
    ``pairs``. On PostgreSQL the ids come from the sequence first and the rows and their
    audit lines go in with one statement (no model instances, no row built in Python:
    100,000 of them cost more than the inserts)."""
    pairs = list(pairs)
    if not pairs:
        return []
    now = timezone.now()
    name = str(round)
    if connection.vendor == "postgresql":
        ids = new_ids(Assignment, len(pairs))
        _insert_with_log(round=round, ids=ids, pairs=pairs, user=user, automatic=automatic,
                         now=now, name=name)
        # The entries' ids as one array: 20,000 ids as ``IN (…)`` parameters cost more to
        # build and parse than the update.
        entry_ids = RawSQL("SELECT unnest(%s::bigint[])",
                           (_array(sorted({e for _, e in pairs})),))
    else:
        ids = [a.pk for a in Assignment.objects.bulk_create(
            [Assignment(round=round, judge_id=judge_id, entry_id=entry_id,
                        automatic=automatic, created_at=now)
             for judge_id, entry_id in pairs], batch_size=1000)]
        log_entries(model=Assignment, action="judging.assign", user=user, entries=(
            (pk, _label(name=name, entry_id=entry_id, judge_id=judge_id),
             {"round": round.pk, "entry": entry_id, "judge": judge_id,
              "automatic": automatic})
            for pk, (judge_id, entry_id) in zip(ids, pairs, strict=True)))
        entry_ids = {e for _, e in pairs}
    Entry.objects.filter(pk__in=entry_ids,
                         status__in=lifecycle.starts_from("judge")).exclude(
        status=lifecycle.leads_to("judge")).update(status=lifecycle.leads_to("judge"),
                                                   current_round=round)
    return ids


def _insert_with_log(*, round, ids, pairs, user, automatic, now, name):
    """PostgreSQL: the assignments (``ids`` with ``pairs``) and one audit line each, as
    ``log_entries`` writes them (``_label``, the same data, content type, timestamp, user
    and log context; ids in the order of the assignments'), in one statement from three
    arrays."""
    quote = connection.ops.quote_name
    shared = audit.entry_constants(model=Assignment, action="judging.assign", user=user)
    log_columns = ", ".join(quote(ModelLogEntry._meta.get_field(name).column)
                            for name in audit.ENTRY_FIELDS)
    assignment = Assignment._meta
    columns = ", ".join(quote(assignment.get_field(field).column) for field in [
        "id", "round", "judge", "entry", "status", "automatic", "recusal_reason",
        "created_at"])
    statement = (
        "WITH p (id, judge_id, entry_id) AS MATERIALIZED ("
        " SELECT * FROM unnest(%(ids)s::bigint[], %(judges)s::bigint[], %(entries)s::bigint[])),"
        f" a AS (INSERT INTO {quote(assignment.db_table)} ({columns})"
        " SELECT p.id, %(round)s, p.judge_id, p.entry_id, %(status)s, %(automatic)s, '', %(now)s"
        " FROM p ORDER BY p.id)"
        f" INSERT INTO {quote(ModelLogEntry._meta.db_table)} ({log_columns})"
        " SELECT %(content_type_id)s, p.id::text,"
        f" left(%(name)s::text || ' · entry ' || p.entry_id || ' · judge ' || p.judge_id,"
        f" {audit.LABEL_MAX}), %(action)s, %(timestamp)s, %(user_id)s, %(uuid)s,"
        " jsonb_build_object('round', %(round)s::bigint, 'entry', p.entry_id,"
        " 'judge', p.judge_id, 'automatic', %(automatic)s), %(content_changed)s, %(deleted)s"
        " FROM p ORDER BY p.id")
    with connection.cursor() as cursor:
        cursor.execute(statement, {
            **shared, "ids": _array(ids), "judges": _array(j for j, _e in pairs),
            "entries": _array(e for _j, e in pairs), "round": round.pk,
            "status": AssignmentStatus.ACTIVE, "automatic": automatic, "now": now,
            "name": name})


def _array(ids):
    """Integer ids as one PostgreSQL array literal (cast in the statement): psycopg
    formats a list element by element, 0.4 s for 300,000 ids."""
    return "{" + ",".join(str(int(pk)) for pk in ids) + "}"


def _panel_pool(*, round):
    """(JudgeRef list, caps) for the round's panel: its active judges, each capped by
    the member's cap for the round or else the judge profile's usual maximum."""
    members = panels.panel_members(round=round)
    judges, usual = _judge_pool(only=list(members))
    return judges, planner.panel_caps(members=members, usual=usual)


def require_panel(round):
    if not RoundPanelMember.objects.filter(round=round).exists():
        raise ValidationError(_("This round has no panel yet. Set its panel (the judges who "
                                "score it) before assigning judges automatically."))


def _plan(*, round, k, entries_qs, seed, extra_conflicts=()):
    judges, caps = _panel_pool(round=round)
    entries = _entry_refs(entries_qs)
    existing, recused = set(), set(extra_conflicts)
    for judge_id, entry_id, status in Assignment.objects.filter(round=round).values_list(
            "judge_id", "entry_id", "status"):
        (existing if status == AssignmentStatus.ACTIVE else recused).add((judge_id, entry_id))
    try:
        # All of the round's assignments count toward loads and caps, not only those
        # of the entries being (re)assigned.
        return planner.assign_judges(
            entries=entries, judges=judges, k=k, existing=existing,
            caps=caps, conflicts=recused, seed=seed if seed is not None else round.pk,
        ), existing
    except ValueError as error:
        raise ValidationError(str(error)) from error


@transaction.atomic
def assign_automatically(*, round, user, k=None, entries=None, seed=None):
    """Top every entry of the round up to k judges (default: the round's judges per
    entry), balanced, within caps, without conflicts. ``entries`` limits it to some
    entries (a queryset or ids). Only the round's panel is drawn from, each member up
    to their cap; a round without a panel is refused. Returns the AssignmentPlan (with
    shortfalls)."""
    require_secretariat(user)
    round = lock_round(round.pk)
    ensure_not_finalised(round)
    if not round.is_scored:
        raise ValidationError(_("Only scored rounds have judges."))
    require_panel(round)
    k = round.judges_per_entry if k is None else k
    queryset = round_entries(round)
    if entries is not None:
        queryset = queryset.filter(pk__in=entries)
    plan, _existing = _plan(round=round, k=k, entries_qs=queryset, seed=seed)
    _create(round=round, pairs=plan.assignments, user=user, automatic=True)
    return plan


def normalisation_warning(*, round, k=None):
    """Before auto-assigning: None, or (the most scores any judge would have, the
    round's minimum) when no judge would reach the minimum for severity normalisation
    (so normalisation would be skipped). Plans within the round's panel and its caps,
    without saving anything; a round without a panel is refused as assigning would be."""
    if not (round.is_scored and round.normalise):
        return None
    require_panel(round)
    k = round.judges_per_entry if k is None else k
    plan, existing = _plan(round=round, k=k, entries_qs=round_entries(round), seed=None)
    loads = Counter(judge_id for judge_id, _entry in existing)
    loads.update(judge_id for judge_id, _entry in plan.assignments)
    most = max(loads.values(), default=0)
    if most >= round.min_scores_for_normalising:
        return None
    return most, round.min_scores_for_normalising


def _active_load(*, round, judge_ids):
    return Counter(Assignment.objects.filter(
        round=round, status=AssignmentStatus.ACTIVE, judge_id__in=list(judge_ids))
        .values_list("judge_id", flat=True))


def eligible_judges(*, round, entry):
    """Judges the secretariat may assign to ``entry`` by hand, by the rules
    assign_manually applies: active members of the round's panel below their cap,
    without a conflict of interest (profile or declared) and not already on the entry
    in this round (active or recused). Returns (judge ids, number left out for a
    conflict); a fixed number of queries whatever the panel's size."""
    judges, caps = _panel_pool(round=round)
    blocked = planner.conflicted_judges(entries=_entry_refs(Entry.objects.filter(pk=entry.pk)),
                                        judges=judges)[entry.pk]
    taken = set(Assignment.objects.filter(round=round, entry=entry)
                .values_list("judge_id", flat=True))
    load = _active_load(round=round, judge_ids=caps)
    full = {judge_id for judge_id, cap in caps.items() if load[judge_id] >= cap}
    ids = [j.id for j in judges if j.id not in blocked and j.id not in taken
           and j.id not in full]
    return ids, len(blocked - taken)


@transaction.atomic
def assign_manually(*, round, entry, judge, user):
    """Assign one judge to one entry, refusing a judge outside the round's panel or at
    the cap, conflicts and duplicates."""
    require_secretariat(user)
    round = lock_round(round.pk)
    ensure_not_finalised(round)
    if not round_entries(round).filter(pk=entry.pk).exists():
        raise ValidationError(_("This entry is not part of this round."))
    judges, _caps = _judge_pool(only=[judge.pk])
    if not judges:
        raise ValidationError(_("%(user)s is not an active judge.") % {"user": judge})
    members = panels.panel_members(round=round)
    if judge.pk not in members:
        raise ValidationError(_("%(user)s is not on this round's panel. Add the judge to the "
                                "panel first.") % {"user": judge})
    cap = panels.panel_caps(round=round, members={judge.pk: members[judge.pk]}).get(judge.pk)
    if cap is not None and _active_load(round=round, judge_ids=[judge.pk])[judge.pk] >= cap:
        raise ValidationError(_("%(user)s has reached the cap of %(cap)s entries in this "
                                "round. Raise the judge's cap on the panel first.")
                              % {"user": judge, "cap": cap})
    blocked = planner.conflicted_judges(entries=_entry_refs(Entry.objects.filter(pk=entry.pk)),
                                        judges=judges)
    if judge.pk in blocked[entry.pk]:
        raise ValidationError(_("This judge has a conflict of interest with this entry."))
    existing = Assignment.objects.filter(round=round, entry=entry, judge=judge).first()
    if existing is not None:
        raise ValidationError(_("This judge is already assigned to this entry."))
    (pk,) = _create(round=round, pairs=[(judge.pk, entry.pk)], user=user, automatic=False)
    return Assignment.objects.get(pk=pk)


def _recuse_one(*, assignment, user, reason):
    if assignment.status != AssignmentStatus.ACTIVE:
        raise ValidationError(_("This assignment is already recused."))
    score = getattr(assignment, "score", None)
    if score is not None and score.status == ScoreStatus.SUBMITTED and not is_secretariat(user):
        raise ValidationError(
            _("The score is already submitted; ask the secretariat to reopen it first."))
    assignment.status = AssignmentStatus.RECUSED
    assignment.recusal_reason = reason
    assignment.save(update_fields=["status", "recusal_reason"])
    ConflictOfInterest.objects.get_or_create(
        judge_id=assignment.judge_id, entry_id=assignment.entry_id,
        defaults={"reason": reason, "source": ConflictSource.JUDGE
                  if user.pk == assignment.judge_id else ConflictSource.SECRETARIAT},
    )
    log(instance=assignment, action="judging.recuse", user=user,
        data={"reason": reason, "entry": assignment.entry_id, "judge": assignment.judge_id})


@transaction.atomic
def recuse(*, assignment, user, reason):
    """The judge (or the secretariat) withdraws the judge from an entry with a reason;
    the entry is re-assigned automatically. Returns the new assignments."""
    if user.pk != assignment.judge_id and not is_secretariat(user):
        raise PermissionDenied(_("Only the judge or the secretariat can recuse."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for the recusal.")})
    if limits.too_long(reason, limits.LONG_TEXT_MAX):
        raise ValidationError({"reason": limits.too_long(reason, limits.LONG_TEXT_MAX)})
    round = assignment.round
    ensure_not_finalised(round)
    _recuse_one(assignment=assignment, user=user, reason=reason)
    return _reassign(round=round, entry_ids=[assignment.entry_id], user=user)


def _reassign(*, round, entry_ids, user):
    plan, _existing = _plan(round=round, k=round.judges_per_entry,
                            entries_qs=Entry.objects.filter(pk__in=entry_ids), seed=None)
    ids = _create(round=round, pairs=plan.assignments, user=user, automatic=True)
    return list(Assignment.objects.filter(pk__in=ids).order_by("pk"))


@transaction.atomic
def declare_conflict(*, judge, user, reason, agency=None, province=None, entry=None):
    """Record a conflict of interest (by the judge or the secretariat). Active
    assignments it affects in rounds still running are recused and re-assigned."""
    if user.pk != judge.pk and not is_secretariat(user):
        raise PermissionDenied(_("Only the judge or the secretariat can declare this."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    if limits.too_long(reason, limits.LONG_TEXT_MAX):
        raise ValidationError({"reason": limits.too_long(reason, limits.LONG_TEXT_MAX)})
    if agency is None and province is None and entry is None:
        raise ValidationError(_("Choose an agency, a province or an entry."))
    conflict = ConflictOfInterest.objects.create(
        judge=judge, agency=agency, province=province, entry=entry, reason=reason,
        source=ConflictSource.JUDGE if user.pk == judge.pk else ConflictSource.SECRETARIAT,
    )
    log(instance=conflict, action="judging.conflict", user=user,
        data={"judge": judge.pk, "agency": getattr(agency, "pk", None),
              "province": getattr(province, "pk", None), "entry": getattr(entry, "pk", None),
              "reason": reason})
    affected = Assignment.objects.filter(judge=judge, status=AssignmentStatus.ACTIVE).exclude(
        round__status="finalised").select_related("round", "score")
    # Every target given counts (an agency AND a province block both from now on).
    targets = Q()
    if entry is not None:
        targets |= Q(entry=entry)
    if agency is not None:
        targets |= Q(entry__innovation__agency=agency)
    if province is not None:
        targets |= Q(entry__innovation__agency__province=province)
    affected = affected.filter(targets)
    by_round = {}
    for assignment in affected:
        _recuse_one(assignment=assignment, user=user, reason=reason)
        by_round.setdefault(assignment.round, []).append(assignment.entry_id)
    for round, entry_ids in by_round.items():
        _reassign(round=round, entry_ids=entry_ids, user=user)
    return conflict
