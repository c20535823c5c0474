"""The entry lifecycle: one innovation entered in one competition, from the unit's
submission to its last round. The allowed status changes are data (TRANSITIONS), used
by the workspace (submit, forward, return, withdraw) and by judging (screen, judge,
advance); nothing else changes ``Entry.status`` (the demo seed and the archive
import create entries in their final state in bulk).

Every function takes keyword-only arguments, runs in one transaction, checks who may
act (PermissionDenied otherwise), writes the audit log and raises ProposalRuleError
with readable messages when a rule is broken.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovations import audit, notifications, rules
from innovations.models import Agency, InnovationPage
from innovations.services import (
    ProposalRuleError,
    can_edit,
    can_review,
    require_agency_admin,
    require_operator,
    workspace_edition,
)
from judging.models import (
    SCORED_KINDS,
    Competition,
    Entry,
    EntryEvent,
    EntryStatus,
    Round,
    RoundStatus,
)
from judging.services import limits

S = EntryStatus
# Statuses of an entry that takes part in the competition's rounds.
IN_ROUNDS = frozenset({S.FORWARDED, S.SCREENING_PASSED, S.SCREENING_FAILED, S.IN_JUDGING,
                       S.ADVANCED, S.AWARDED})

# action -> (the statuses it may start from, the status it leads to). ``None`` stands
# for "no entry yet". Decisions of a round may change until the round is finalised,
# hence screening from its own outcomes; outcomes of finalising are set per row.
TRANSITIONS = {
    "submit": (frozenset({None, S.SUBMITTED, S.RETURNED, S.WITHDRAWN}), S.SUBMITTED),
    "forward": (frozenset({S.SUBMITTED}), S.FORWARDED),
    "return": (frozenset({S.SUBMITTED}), S.RETURNED),
    "withdraw": (frozenset({S.SUBMITTED, S.RETURNED, S.FORWARDED, S.SCREENING_PASSED}),
                 S.WITHDRAWN),
    "screen_pass": (frozenset({S.FORWARDED, S.SCREENING_PASSED, S.SCREENING_FAILED}),
                    S.SCREENING_PASSED),
    "screen_fail": (frozenset({S.FORWARDED, S.SCREENING_PASSED, S.SCREENING_FAILED}),
                    S.SCREENING_FAILED),
    "judge": (IN_ROUNDS, S.IN_JUDGING),
    "advance": (IN_ROUNDS, S.ADVANCED),
    "not_advance": (IN_ROUNDS, S.NOT_ADVANCED),
    "award": (IN_ROUNDS, S.AWARDED),
    # Taken off a round's selected list by a decision on an upheld objection
    # (judging.services.decisions).
    "remove": (frozenset({S.IN_JUDGING, S.ADVANCED, S.AWARDED}), S.NOT_ADVANCED),
    # Put (back) on a round's selected list by such a decision (reinstated, or selected
    # after a re-score): advanced to the next round, or awarded in the last one.
    "reinstate": (IN_ROUNDS | {S.NOT_ADVANCED}, S.ADVANCED),
    "reinstate_award": (IN_ROUNDS | {S.NOT_ADVANCED}, S.AWARDED),
}
# Entries whose unit may edit and submit again (the same Entry), and entries that do
# not count towards the per-agency limit or the unique-title rule.
RESUBMITTABLE = TRANSITIONS["submit"][0] - {None}
INACTIVE = (S.RETURNED, S.WITHDRAWN)
# Entries that are not (or no longer) in the competition's rounds: not yet forwarded,
# returned to the unit, or withdrawn.
NOT_IN_COMPETITION = RESUBMITTABLE


def starts_from(action):
    """The statuses ``action`` may start from (for bulk updates: ``status__in``)."""
    return TRANSITIONS[action][0]


def leads_to(action):
    return TRANSITIONS[action][1]


def can(action, status):
    return status in TRANSITIONS[action][0]


def check(entry, action):
    """Raise ProposalRuleError unless ``entry`` (None: not entered yet) may take ``action``."""
    status = entry.status if entry is not None else None
    if not can(action, status):
        raise ProposalRuleError([_("This entry cannot do that in its current status "
                                   "(%(status)s).") % {"status": entry.get_status_display()}])


def record_event(entry, *, status, user, note="", at=None):
    return EntryEvent.objects.create(entry=entry, status=status, actor=user, note=note,
                                     created_at=at or timezone.now())


# --- lookups -------------------------------------------------------------------------

def open_competition(*, at=None):
    """The competition taking submissions now (the one closing first if several)."""
    return Competition.objects.taking_submissions(at).first()


def open_competitions(*, at=None):
    """Every edition taking submissions now, closing first first, with its categories
    (two queries)."""
    return list(Competition.objects.taking_submissions(at)
                .prefetch_related("categories", "sections"))


def choose_competition(*, open_editions, key=None, innovation=None):
    """The edition an operator enters: the open edition whose id is ``key``; without a
    key, the one the proposal already has an entry in, else the first (closing first).
    Returns None for a key that is not an open edition (the caller says so)."""
    if key not in (None, ""):
        return next((c for c in open_editions if str(c.pk) == str(key)), None)
    if innovation is not None:
        return workspace_edition(innovation=innovation, open_editions=open_editions)
    return open_editions[0] if open_editions else None


def scoring_has_started(competition):
    """True once a scored round (desk evaluation and later) of ``competition`` opened."""
    return (Round.objects.filter(competition=competition, kind__in=SCORED_KINDS)
            .exclude(status=RoundStatus.DRAFT).exists())


def can_withdraw(entry):
    return can("withdraw", entry.status) and not scoring_has_started(entry.competition)


def _agency_entries(*, competition, innovation):
    """The agency's other entries that count towards its limits in `competition`."""
    return (Entry.objects.filter(competition=competition,
                                 innovation__agency_id=innovation.agency_id)
            .exclude(status__in=INACTIVE).exclude(innovation_id=innovation.pk))


def proposal_problems(*, innovation, competition, at=None, proposal=None):
    """Every rule the proposal's latest version breaks (read-only; shown before submit)."""
    at = at or timezone.now()
    proposal = proposal or innovation.get_latest_revision_as_object()
    agency_entries = _agency_entries(competition=competition, innovation=innovation)
    labels = {category.pk: category for category in competition.categories.all()}
    return rules.submission_errors(
        proposal=proposal, competition=competition, at=at,
        entries_in_group=agency_entries.filter(group=proposal.group).count(),
        title_taken=agency_entries.filter(
            innovation__draft_title__iexact=proposal.title.strip()).exists(),
        allowed_category_ids=set(labels), category_labels=labels,
    )


# --- the unit and its agency admin ---------------------------------------------------

@transaction.atomic
def submit_proposal(*, innovation, user, competition, at=None):
    """Check every rule of `competition` and enter the proposal's current revision."""
    require_operator(user, innovation)
    at = at or timezone.now()
    # Lock the agency so two units cannot both take its last place in a group.
    Agency.objects.select_for_update().get(pk=innovation.agency_id)
    page = InnovationPage.objects.select_for_update().get(pk=innovation.pk)
    proposal = page.get_latest_revision_as_object()
    entry = Entry.objects.filter(competition=competition, innovation=page).first()
    if (entry is not None and entry.status == S.SUBMITTED
            and entry.revision_id == page.latest_revision_id):
        # A repeated (double-clicked, concurrent) submit of an unchanged proposal: the
        # first one took effect; no second event, revision, audit line or e-mail.
        return entry
    if not can("submit", entry.status if entry else None):
        raise ProposalRuleError([_("This proposal has already been forwarded (status: "
                                   "%(status)s) and can no longer be changed.")
                                 % {"status": entry.get_status_display()}])
    errors = proposal_problems(innovation=page, competition=competition, at=at,
                               proposal=proposal)
    if errors:
        raise ProposalRuleError(errors)
    revision = proposal.save_revision(user=user)
    if entry is None:
        entry = Entry(competition=competition, innovation=page)
    entry.group = proposal.group
    entry.category_id = proposal.category_id
    entry.revision = revision
    entry.status = leads_to("submit")
    entry.submitted_at = at
    entry.forwarded_at = None
    entry.save()
    record_event(entry, status=entry.status, user=user, at=at)
    audit.log_action(instance=page, action=audit.PROPOSAL_SUBMIT, user=user,
                     data={"entry": entry.pk, "competition": competition.pk,
                           "revision": revision.pk})
    notifications.notify_submitted(entry=entry, actor=user)
    return entry


def _locked_entry(entry, user, *, action):
    entry = (Entry.objects.select_for_update().select_related("innovation", "competition")
             .get(pk=entry.pk))
    require_agency_admin(user, entry.innovation)
    if not can(action, entry.status):
        raise ProposalRuleError([_("This entry is no longer awaiting review (status: "
                                   "%(status)s).") % {"status": entry.get_status_display()}])
    return entry


@transaction.atomic
def forward_entry(*, entry, user, at=None):
    """The agency admin sends the entry on and publishes the submitted revision."""
    at = at or timezone.now()
    entry = _locked_entry(entry, user, action="forward")
    first = (Round.objects.select_for_update().filter(competition_id=entry.competition_id)
             .order_by("order").first())
    if first is not None and first.status in (RoundStatus.CLOSED, RoundStatus.FINALISED):
        # The first round (screening) takes the forwarded entries; once it closed, a
        # forwarded entry would never be decided nor judged.
        raise ProposalRuleError([_(
            "%(round)s of %(competition)s is closed, so this entry can no longer be "
            "forwarded to the competition. Contact the secretariat.")
            % {"round": first.name, "competition": entry.competition.name}])
    entry.status = leads_to("forward")
    entry.forwarded_at = at
    entry.save(update_fields=["status", "forwarded_at"])
    entry.revision.publish(user=user, skip_permission_checks=True)
    record_event(entry, status=entry.status, user=user, at=at)
    entry.innovation.refresh_from_db()
    audit.log_action(instance=entry.innovation, action=audit.ENTRY_FORWARD, user=user,
                     data={"entry": entry.pk, "revision": entry.revision_id})
    notifications.notify_forwarded(entry=entry, actor=user)
    return entry


@transaction.atomic
def return_entry(*, entry, user, note, at=None):
    """The agency admin sends the entry back to the unit with a note saying why."""
    note = (note or "").strip()
    if not note:
        raise ProposalRuleError([_("Write a note telling the unit what to change.")])
    if limits.too_long(note, limits.LONG_TEXT_MAX):
        raise ProposalRuleError([limits.too_long(note, limits.LONG_TEXT_MAX)])
    at = at or timezone.now()
    entry = _locked_entry(entry, user, action="return")
    entry.status = leads_to("return")
    entry.save(update_fields=["status"])
    record_event(entry, status=entry.status, user=user, note=note, at=at)
    audit.log_action(instance=entry.innovation, action=audit.ENTRY_RETURN, user=user,
                     data={"entry": entry.pk, "note": note})
    notifications.notify_returned(entry=entry, actor=user, note=note)
    return entry


@transaction.atomic
def withdraw_entry(*, entry, user, note="", at=None):
    """The unit (or its agency admin) takes the entry out of the competition, allowed
    until the competition's first scored round opens. It can be submitted again while
    registration is open."""
    at = at or timezone.now()
    entry = (Entry.objects.select_for_update().select_related("innovation", "competition")
             .get(pk=entry.pk))
    innovation = entry.innovation
    if not (can_edit(user, innovation) or can_review(user, innovation)):
        raise PermissionDenied(_("Only the unit's operators or the agency's admins may "
                                 "withdraw this entry."))
    if not can("withdraw", entry.status):
        raise ProposalRuleError([_("This entry can no longer be withdrawn (status: "
                                   "%(status)s).") % {"status": entry.get_status_display()}])
    if scoring_has_started(entry.competition):
        raise ProposalRuleError([_("The evaluation of %(competition)s has started; entries "
                                   "can no longer be withdrawn.")
                                 % {"competition": entry.competition.name}])
    entry.status = leads_to("withdraw")
    entry.save(update_fields=["status"])
    note = (note or "").strip()
    record_event(entry, status=entry.status, user=user, note=note, at=at)
    audit.log_action(instance=innovation, action=audit.ENTRY_WITHDRAW, user=user,
                     data={"entry": entry.pk, "note": note})
    return entry

